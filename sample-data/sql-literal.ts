// SQL literals from the generator's own constants (never from user input): numbers, strings, lists, structs.
// Strings go through the driver's quoting helper; numbers must be finite.
import { sqlString } from '../engine/db.ts';

export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

export function lit(value: Literal): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Non-finite number in a SQL literal: ${value}`);
    // non-integers as DOUBLE: a bare 0.35 is a DECIMAL(2,2) in DuckDB, and least(0.35, x) would round x to it
    return Number.isInteger(value) ? String(value) : `${value}::double`;
  }
  if (Array.isArray(value)) return `[${value.map(lit).join(', ')}]`;
  // struct keys in snake_case, the SQL convention (kneeOa → knee_oa)
  const fields = Object.entries(value as Record<string, Literal>).map(([k, v]) => `${sqlString(snake(k))}: ${lit(v)}`);
  return `{${fields.join(', ')}}`;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface Weighted<T> {
  value: T;
  weight: number;
}

/**
 * An alias list for weighted choice in SQL: each value repeated in proportion to its weight, so
 * `pick(list, u)` is one list index per row instead of a search over cumulative weights.
 */
export function aliasList<T>(items: readonly Weighted<T>[], resolution = 400): T[] {
  const total = items.reduce((s, i) => s + i.weight, 0);
  if (!(total > 0)) throw new Error('aliasList needs a positive total weight');
  const out: T[] = [];
  for (const item of items) {
    // at least one copy, so every listed code appears at any scale
    const copies = item.weight > 0 ? Math.max(1, Math.round((item.weight / total) * resolution)) : 0;
    for (let i = 0; i < copies; i++) out.push(item.value);
  }
  return out;
}

/** Slots per group in a flattened alias list: group g occupies entries g·GROUP_SLOTS + 1 … (g + 1)·GROUP_SLOTS. */
export const GROUP_SLOTS = 400;

/**
 * Alias lists of several groups (age group, sex…) flattened into one list of fixed-size groups, so SQL picks
 * with `pickg(list, g, u)` (one index) instead of extracting a nested list per row, which copies it.
 */
export function groupedAlias<T>(groups: ReadonlyArray<readonly Weighted<T>[]>): T[] {
  return groups.flatMap((items) => fixedAlias(items, GROUP_SLOTS));
}

/** Exactly `slots` entries, each positive weight at least once, the rest by largest remainder. */
function fixedAlias<T>(items: readonly Weighted<T>[], slots: number): T[] {
  const live = items.filter((i) => i.weight > 0);
  const total = live.reduce((s, i) => s + i.weight, 0);
  const exact = live.map((i) => (i.weight / total) * slots);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let n = counts.reduce((a, b) => a + b, 0), j = 0; n < slots; n++, j++) counts[byRemainder[j % live.length][1]]++;
  for (let n = counts.reduce((a, b) => a + b, 0); n > slots; n--) counts[counts.indexOf(Math.max(...counts))]--;
  return live.flatMap((item, i) => Array<T>(counts[i]).fill(item.value));
}
