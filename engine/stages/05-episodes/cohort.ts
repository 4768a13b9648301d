// Who is in a pathway's cohort, and which variant: the definition's anchor rules as SQL over an activity row `a`.
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { CodedFlag } from '../../../schemas/tables/episode.ts';
import type { SqlParams } from '../../sql.ts';
import { allRulesSql, anyRuleSql, ruleSql } from './rules.ts';

/** Conditions an activity row must meet (all of them) to anchor an episode. */
export function anchorConditions(def: PathwayDefinition, p: SqlParams): string[] {
  const a = def.anchor;
  const excluded = a.exclude.map((rule) => ruleSql(def, rule, p, 'a', rule.position));
  return [
    `list_contains(${p.bind(anchorActivityTypes(def))}, a.activity_type)`,
    // HES patient classification 2 (day case) is an elective admission not meant to stay overnight; the canonical
    // apc_spells feed carries no classification, so a day case is an elective spell discharged the day it began.
    a.kind === 'day_case' ? 'a.end_date = a.start_date' : 'true',
    a.admission_methods ? `list_contains(${p.bind(a.admission_methods)}, a.admission_method)` : 'true',
    anyRuleSql(def, a.include, p),
    allRulesSql(def, a.require, p),
    excluded.length ? `not (${excluded.join(' or ')})` : 'true',
    // An unknown age (no valid birth date) passes: dropping the anchor would move a real operation's cost outside
    // every pathway; the episode keeps an empty age band and the comparison compares it under `unknown`.
    a.min_age !== undefined ? `(age is null or age >= ${p.bind(a.min_age)})` : 'true',
    a.max_age !== undefined ? `(age is null or age <= ${p.bind(a.max_age)})` : 'true',
  ];
}

/** The activity types an anchor may be: implied by the emergency and day-case kinds, named otherwise. */
export function anchorActivityTypes(def: PathwayDefinition): string[] {
  const { kind, activity_types } = def.anchor;
  if (kind === 'emergency_admission') return ['apc_emergency'];
  if (kind === 'day_case') return ['apc_elective'];
  return activity_types ?? [];
}

/**
 * The flags an anchor earns from its own codes, as a list expression: each variant's flag when it matches all its
 * rules, and in_spell_complication when an exclusion tested on the primary position matches a secondary one.
 * One entry per flag, in the order the definition first names it, so the list never depends on row order.
 */
export function codedFlagsSql(def: PathwayDefinition, p: SqlParams): string {
  const when = new Map<CodedFlag, string[]>();
  const add = (flag: CodedFlag, condition: string) => when.set(flag, [...(when.get(flag) ?? []), condition]);
  for (const variant of def.anchor.variants) add(variant.flag, allRulesSql(def, variant.when, p));
  for (const rule of def.anchor.exclude) {
    if (rule.secondary === 'flag') add('in_spell_complication', ruleSql(def, rule, p, 'a', 'secondary'));
  }
  if (when.size === 0) return '[]::varchar[]';
  const cases = [...when].map(([flag, conditions]) => `case when ${conditions.join(' or ')} then ${p.bind(flag)} end`);
  return `list_filter([${cases.join(', ')}], f -> f is not null)`;
}
