// The audit that complementary suppression alone does not make: whether any hidden cell can be worked out by
// combining margins. complementary.ts leaves no group with one hidden cell, but in a table of several keys the
// groups of two margins can be combined: the ICB's total less its shown providers is the sum of the hidden ones,
// and if the ICB's community and social care cells are the sums of the hidden community and social care
// providers, what is left is the one hidden mental health provider (a reviewer's case, one episode's cost).
//
// Each group is an equation, its margin cell less the sum of its children = 0; the shown cells are known, so the
// unknowns are the hidden ones. A hidden cell can be worked out exactly when its unit vector lies in the span of
// the equations' rows over the hidden cells: then the reduced row echelon form has a row with that cell alone.
// The rows are reduced modulo a prime below 2^26, so that products stay exact in doubles; a combination that
// works over the rationals works modulo the prime unless the prime divides its denominator, and the rows hold
// only 0 and ±1.
import { type Db, quoteIdent } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

const PRIME = 67_108_859;
/** Each round hides at least one cell; this guards against a logic error only. */
const MAX_ROUNDS = 1_000;

type Row = Map<number, number>;
interface Cell {
  key: string[];
  hide: boolean;
  size: number;
  locked: boolean;
}

const mod = (a: number) => ((a % PRIME) + PRIME) % PRIME;

/** a^(p−2) mod p: the inverse of a in the field. */
function inverse(a: number): number {
  let [result, base, e] = [1, mod(a), PRIME - 2];
  while (e > 0) {
    if (e & 1) result = Number((BigInt(result) * BigInt(base)) % BigInt(PRIME));
    base = Number((BigInt(base) * BigInt(base)) % BigInt(PRIME));
    e = Math.floor(e / 2);
  }
  return result;
}

/** row −= factor × pivot, in place, dropping zeros. */
function subtract(row: Row, pivot: Row, factor: number): void {
  for (const [col, v] of pivot) {
    const next = mod((row.get(col) ?? 0) - ((factor * v) % PRIME));
    if (next === 0) row.delete(col);
    else row.set(col, next);
  }
}

/** The columns (unknowns) that the rows fix on their own: a row of the reduced echelon form with one entry. */
export function determinedColumns(rows: Row[]): number[] {
  const pivots = new Map<number, Row>(); // pivot column → its row, fully reduced
  const holders = new Map<number, Set<number>>(); // column → pivot columns whose rows hold it
  const hold = (pivotCol: number, row: Row) => {
    for (const col of row.keys()) {
      if (!holders.has(col)) holders.set(col, new Set());
      holders.get(col)!.add(pivotCol);
    }
  };
  for (const given of rows) {
    const row = new Map(given);
    for (const col of [...row.keys()]) {
      const v = row.get(col);
      const pivot = pivots.get(col);
      if (v !== undefined && pivot) subtract(row, pivot, v);
    }
    if (row.size === 0) continue;
    const lead = Math.min(...row.keys());
    const scale = inverse(row.get(lead)!);
    for (const [col, v] of row) row.set(col, Number((BigInt(v) * BigInt(scale)) % BigInt(PRIME)));
    // keep every pivot row reduced: take the new pivot out of the rows that hold it
    for (const other of [...(holders.get(lead) ?? [])]) {
      const otherRow = pivots.get(other)!;
      const v = otherRow.get(lead);
      if (v === undefined) continue;
      subtract(otherRow, row, v);
      hold(other, otherRow);
    }
    pivots.set(lead, row);
    hold(lead, row);
  }
  return [...pivots].filter(([, row]) => row.size === 1).map(([col]) => col);
}

async function readCells(db: Db, cells: CellTable): Promise<Cell[]> {
  const keys = cells.keys.map((k) => `${quoteIdent(k)}::varchar`).join(', ');
  const locked = cells.locked ? quoteIdent(cells.locked) : 'false';
  const rows = await db.all<{ key: string[]; hide: boolean; size: number; locked: boolean }>(
    `select [${keys}] as key, hide, coalesce(size, 0)::double as size, coalesce(${locked}, false) as locked from ${quoteIdent(cells.table)}`,
  );
  return rows.map((r) => ({ ...r, key: [...r.key] }));
}

/** Each margin's groups: the margin cell and its children, by the index of each cell in `all`. */
function groupsOf(all: Cell[], cells: CellTable): Array<{ total: number; children: number[] }> {
  const groups: Array<{ total: number; children: number[] }> = [];
  cells.margins.forEach((margin) => {
    const at = cells.keys.indexOf(margin.column);
    const byRest = new Map<string, { total: number; children: number[] }>();
    all.forEach((cell, i) => {
      const rest = JSON.stringify(cell.key.filter((_, j) => j !== at));
      const group = byRest.get(rest) ?? { total: -1, children: [] };
      if (cell.key[at] === margin.total) group.total = i;
      else group.children.push(i);
      byRest.set(rest, group);
    });
    for (const g of byRest.values()) if (g.total >= 0 && g.children.length > 0) groups.push(g);
  });
  return groups;
}

/** The hidden cells of `cells` that the published ones give away by any combination of margins. */
export async function workedOutCells(db: Db, cells: CellTable): Promise<string[][]> {
  const all = await readCells(db, cells);
  return fixedCells(all, groupsOf(all, cells)).map((i) => all[i].key);
}

/** The indexes in `all` of the hidden cells the groups' equations fix. */
function fixedCells(all: Cell[], groups: Array<{ total: number; children: number[] }>): number[] {
  // a cell another output publishes is known, hidden here or not
  const hidden = all.map((c, i) => [c, i] as const).filter(([c]) => c.hide && !c.locked).map(([, i]) => i);
  const column = new Map(hidden.map((i, col) => [i, col]));
  const rows: Row[] = [];
  for (const g of groups) {
    const row: Row = new Map();
    if (column.has(g.total)) row.set(column.get(g.total)!, 1);
    for (const c of g.children) if (column.has(c)) row.set(column.get(c)!, PRIME - 1);
    if (row.size > 0) rows.push(row);
  }
  return determinedColumns(rows).map((col) => hidden[col]);
}

/**
 * Complementary suppression, then the audit: while a hidden cell can be worked out, hide one more cell beside each
 * (`shownBeside`) and suppress again. A fixed cell with nothing left beside it to hide (every cell of its groups
 * hidden, or published by another output) is left as it is: the search does not go further out (a search outward
 * never settled on a 1M build), so this audit closes what it can, not every combination. Returns how many cells
 * the audit added.
 */
export async function suppressAudited(db: Db, cells: CellTable): Promise<number> {
  let added = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await suppressComplementary(db, cells);
    const all = await readCells(db, cells);
    const groups = groupsOf(all, cells);
    const picks = new Map<string, string[]>();
    for (const fixed of fixedCells(all, groups)) {
      const pick = shownBeside(all, groups, fixed);
      if (pick) picks.set(JSON.stringify(pick), pick);
    }
    if (picks.size === 0) return added;
    const match = cells.keys.map((k, j) => `${quoteIdent(k)}::varchar = $k${j}`).join(' and ');
    for (const pick of picks.values()) await db.run(`update ${quoteIdent(cells.table)} set hide = true where ${match}`, Object.fromEntries(pick.map((v, j) => [`k${j}`, v])));
    added += picks.size;
  }
  throw new Error(`the audit of ${cells.table} did not settle in ${MAX_ROUNDS} rounds`);
}

/**
 * The shown cell to hide beside a cell that can be worked out: in the groups it is in, the smallest shown child,
 * else a shown margin. A cell another output publishes is never picked (hiding it hides nothing); where nothing
 * else is left, the cell is given away only through what that output publishes, and its own suppression answers.
 */
function shownBeside(all: Cell[], groups: Array<{ total: number; children: number[] }>, at: number): string[] | undefined {
  const shown = groups
    .filter((g) => g.total === at || g.children.includes(at))
    .flatMap((g) => [...g.children.map((c) => ({ c, child: true })), { c: g.total, child: false }])
    .filter(({ c }) => !all[c].hide && !all[c].locked)
    .sort((a, b) => Number(b.child) - Number(a.child) || all[a.c].size - all[b.c].size);
  return shown.length > 0 ? all[shown[0].c].key : undefined;
}
