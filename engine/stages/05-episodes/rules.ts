// Code rules of a pathway definition as SQL conditions over an activity row. Codes are bound parameters.
import { type CodeRule, type PathwayDefinition, normaliseCode } from '../../../schemas/pathway.ts';
import { sqlIdent } from '../../db.ts';
import type { SqlParams } from '../../sql.ts';

const LIST_FIELDS = new Set(['procedures', 'diagnoses']);

export function ruleSql(def: PathwayDefinition, rule: CodeRule, params: SqlParams, row = 'a'): string {
  const list = def.code_lists[rule.list];
  const codes = params.bind(list.codes.map(normaliseCode));
  const field = `${row}.${sqlIdent(rule.field)}`;
  const matches = (x: string) => (list.match === 'prefix' ? `len(list_filter(${codes}, p -> starts_with(${x}, p))) > 0` : `list_contains(${codes}, ${x})`);
  if (LIST_FIELDS.has(rule.field)) {
    return list.match === 'prefix' ? `coalesce(len(list_filter(${field}, x -> ${matches('x')})) > 0, false)` : `coalesce(list_has_any(${field}, ${codes}), false)`;
  }
  return `coalesce(${matches(field)}, false)`;
}

/** True when any rule matches; false for an empty rule list. */
export function anyRuleSql(def: PathwayDefinition, rules: readonly CodeRule[], params: SqlParams, row = 'a'): string {
  if (rules.length === 0) return 'false';
  return `(${rules.map((r) => ruleSql(def, r, params, row)).join(' or ')})`;
}
