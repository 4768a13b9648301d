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

/**
 * The attack across margins: every group (a margin cell less its children = 0) is an equation, the shown cells'
 * `field` known, the hidden ones unknown; Gauss–Jordan elimination in floating point (independent of the engine's
 * audit, which reduces modulo a prime) gives each hidden cell the equations fix alone, with its value.
 */
export function solveHidden(rows: Row[], keys: string[], margins: Margin[], field: string): Array<{ cell: string; value: number }> {
  const keyOf = (r: Row) => keys.map((k) => String(r[k])).join('|');
  const hidden = rows.filter((r) => r.suppressed).map(keyOf);
  const column = new Map(hidden.map((k, i) => [k, i]));
  const CONSTANT = -1; // the equation's known side
  const equations: Array<Map<number, number>> = [];
  for (const m of margins) {
    const groups = new Map<string, { total?: Row; children: Row[] }>();
    for (const r of rows) {
      const rest = keys.filter((k) => k !== m.column).map((k) => String(r[k])).join('|');
      const g = groups.get(rest) ?? { children: [] };
      if (r[m.column] === m.total) g.total = r;
      else g.children.push(r);
      groups.set(rest, g);
    }
    for (const g of groups.values()) {
      if (!g.total || g.children.length === 0) continue;
      const eq = new Map<number, number>([[CONSTANT, 0]]);
      for (const [r, sign] of [[g.total, 1], ...g.children.map((c) => [c, -1] as const)] as Array<[Row, number]>) {
        if (r.suppressed) eq.set(column.get(keyOf(r))!, (eq.get(column.get(keyOf(r))!) ?? 0) + sign);
        else eq.set(CONSTANT, eq.get(CONSTANT)! - sign * Number(r[field]));
      }
      if (eq.size > 1) equations.push(eq);
    }
  }
  // sparse Gauss–Jordan: each pivot row is kept fully reduced, so a new row loses every pivot column at once
  const addTo = (row: Map<number, number>, other: Map<number, number>, f: number) => {
    for (const [c, v] of other) {
      const next = (row.get(c) ?? 0) + f * v;
      if (c !== CONSTANT && Math.abs(next) < 1e-9) row.delete(c);
      else row.set(c, next);
    }
  };
  const pivots = new Map<number, Map<number, number>>();
  const holders = new Map<number, Set<number>>(); // column → the pivots whose rows hold it
  const hold = (lead: number, row: Map<number, number>) => {
    for (const c of row.keys()) if (c !== CONSTANT) (holders.get(c) ?? holders.set(c, new Set()).get(c)!).add(lead);
  };
  // shortest first: the pivot rows stay short
  for (const eq of equations.sort((a, b) => a.size - b.size)) {
    for (const col of [...eq.keys()]) if (col !== CONSTANT && eq.has(col) && pivots.has(col)) addTo(eq, pivots.get(col)!, -eq.get(col)!);
    const unknowns = [...eq.keys()].filter((c) => c !== CONSTANT);
    if (unknowns.length === 0) continue;
    const lead = unknowns.reduce((best, c) => (Math.abs(eq.get(c)!) > Math.abs(eq.get(best)!) ? c : best));
    const p = eq.get(lead)!;
    for (const [c, v] of eq) eq.set(c, v / p);
    for (const other of holders.get(lead) ?? []) {
      const row = pivots.get(other)!;
      if (!row.has(lead)) continue;
      addTo(row, eq, -row.get(lead)!);
      hold(other, row);
    }
    pivots.set(lead, eq);
    hold(lead, eq);
  }
  const found: Array<{ cell: string; value: number }> = [];
  for (const [col, row] of [...pivots].sort(([a], [b]) => a - b)) {
    if (row.size === 2) found.push({ cell: hidden[col], value: Math.round(row.get(CONSTANT)! * 100) / 100 });
  }
  return found;
}
