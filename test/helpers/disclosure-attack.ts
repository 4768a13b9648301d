// The attack by subtraction, written apart from engine/disclosure so that it checks the engine rather than
// repeating it: along each published margin (a total row such as the ICB, or "all" months), a parent equals the
// sum of its children. A shown parent with exactly one hidden child gives that child away (parent − the shown
// children); so does a hidden parent whose children are all shown. Works on published rows as the API or the
// tables give them, counts and pounds alike.
import type { Db } from '../../engine/db.ts';

export interface Margin {
  column: string;
  total: string;
}

export interface Recovered {
  /** The margin the subtraction ran along, and the hidden cell's keys. */
  along: string;
  cell: Record<string, string>;
  /** What the subtraction gives for each additive field (count and money). */
  values: Record<string, number>;
}

type Row = Record<string, unknown> & { suppressed: boolean };

/** Every hidden cell that parent − shown children recovers, along any margin. */
export function attackBySubtraction(rows: Row[], keys: string[], margins: Margin[], additive: string[]): Recovered[] {
  const found: Recovered[] = [];
  for (const m of margins) {
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const g = keys.filter((k) => k !== m.column).map((k) => String(r[k])).join('|');
      groups.set(g, [...(groups.get(g) ?? []), r]);
    }
    for (const group of groups.values()) {
      const parent = group.find((r) => r[m.column] === m.total);
      const children = group.filter((r) => r[m.column] !== m.total);
      if (!parent || children.length === 0) continue;
      const hidden = children.filter((c) => c.suppressed);
      const shownSum = (f: string) => children.filter((c) => !c.suppressed).reduce((s, c) => s + Number(c[f] ?? 0), 0);
      if (!parent.suppressed && hidden.length === 1) {
        found.push({ along: m.column, cell: pick(hidden[0], keys), values: Object.fromEntries(additive.map((f) => [f, Number(parent[f]) - shownSum(f)])) });
      } else if (parent.suppressed && hidden.length === 0) {
        found.push({ along: m.column, cell: pick(parent, keys), values: Object.fromEntries(additive.map((f) => [f, shownSum(f)])) });
      }
    }
  }
  return found;
}

function pick(row: Row, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, String(row[k])]));
}

/** The same attack over a cell table in DuckDB (`hide` as its flag, `size` as its count). */
export async function loneHiddenGroups(db: Db, table: { table: string; keys: readonly string[]; margins: readonly Margin[] }): Promise<Recovered[]> {
  const rows = await db.all<Record<string, unknown>>(`select *, hide as suppressed, size::double as size from ${table.table}`, {}, 1_000_000);
  return attackBySubtraction(rows as Row[], [...table.keys], [...table.margins], ['size']);
}
