// Code rules of a pathway definition as SQL conditions over an activity row. Codes are bound parameters.
import { type CodeRule, type PathwayDefinition, LIST_CODE_FIELDS, normaliseCode } from '../../../schemas/pathway.ts';
import { quoteIdent } from '../../db.ts';
import type { SqlParams } from '../../sql.ts';

/**
 * Which codes of a list field (procedures, diagnoses: primary first) a rule looks at: all of them, the first
 * (primary) only, or all but the first. A scalar field has one position and is tested whole.
 */
export type Position = 'any' | 'primary' | 'secondary';

export function ruleSql(def: PathwayDefinition, rule: CodeRule, params: SqlParams, row = 'a', position: Position = 'any'): string {
  const list = def.code_lists[rule.list];
  const codes = params.bind(list.codes.map(normaliseCode));
  const column = `${row}.${quoteIdent(rule.field)}`;
  const matches = (x: string) => (list.match === 'prefix' ? `len(list_filter(${codes}, p -> starts_with(${x}, p))) > 0` : `list_contains(${codes}, ${x})`);
  if (!LIST_CODE_FIELDS.includes(rule.field)) return `coalesce(${matches(column)}, false)`;
  if (position === 'primary') return `coalesce(${matches(`${column}[1]`)}, false)`;
  // DuckDB slices are 1-based and inclusive: [2:] is every code after the primary one.
  const field = position === 'secondary' ? `${column}[2:]` : column;
  // not list_has_any: DuckDB 1.5 builds a set of the code list for every row, 3× slower with 55 codes (1.5.6)
  return `coalesce(len(list_filter(${field}, x -> ${matches('x')})) > 0, false)`;
}

/** True when any rule matches; false for an empty rule list. */
export function anyRuleSql(def: PathwayDefinition, rules: readonly CodeRule[], params: SqlParams, row = 'a'): string {
  if (rules.length === 0) return 'false';
  return `(${rules.map((r) => ruleSql(def, r, params, row)).join(' or ')})`;
}

/** True when every rule matches; true for an empty rule list. */
export function allRulesSql(def: PathwayDefinition, rules: readonly CodeRule[], params: SqlParams, row = 'a'): string {
  if (rules.length === 0) return 'true';
  return `(${rules.map((r) => ruleSql(def, r, params, row)).join(' and ')})`;
}
