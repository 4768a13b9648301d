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
/** A sparse row: columns ascending, values in 1..PRIME−1. */
interface Sparse {
  cols: Int32Array;
  vals: Float64Array;
}

/** The inverse of a in the field, by the extended Euclidean algorithm (every value stays below 2^26). */
function inverse(a: number): number {
  let [r0, r1, s0, s1] = [PRIME, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % PRIME) + PRIME) % PRIME;
}

/** row − factor × pivot, merged over the ascending columns, zeros dropped. */
function subtract(row: Sparse, pivot: Sparse, factor: number): Sparse {
  const cols = new Int32Array(row.cols.length + pivot.cols.length);
  const vals = new Float64Array(cols.length);
  let [i, j, n] = [0, 0, 0];
  while (i < row.cols.length || j < pivot.cols.length) {
    const a = i < row.cols.length ? row.cols[i] : Infinity;
    const b = j < pivot.cols.length ? pivot.cols[j] : Infinity;
    let v: number;
    const col = Math.min(a, b);
    if (a === b) v = (row.vals[i++] - ((factor * pivot.vals[j++]) % PRIME) + PRIME) % PRIME;
    else if (a < b) v = row.vals[i++];
    else v = (PRIME - ((factor * pivot.vals[j++]) % PRIME)) % PRIME;
    if (v !== 0) [cols[n], vals[n++]] = [col, v];
  }
  return { cols: cols.subarray(0, n), vals: vals.subarray(0, n) };
}

/** A fixed sequence of values in 1..PRIME−1 (a linear congruential generator): the audit must be reproducible. */
function* fieldValues(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 48_271) % 2_147_483_647;
    yield (state % (PRIME - 1)) + 1;
  }
}

/**
 * The columns (unknowns) that the rows fix on their own. Column j is fixed exactly when every solution of the
 * homogeneous system has x_j = 0. The rows are brought to echelon form (not reduced: back-reducing every pivot row
 * is where most of the work went), shortest rows first, then two solutions are drawn with random values for the free columns: a column
 * that is not fixed is 0 in a random solution with probability 1/PRIME, so a column 0 in both is fixed but for a
 * chance of about 1 in 2^52, and that chance errs only towards hiding one more cell. The draws are seeded: the same
 * rows give the same answer.
 */
export function determinedColumns(rows: Row[]): number[] {
  const pivots = new Map<number, Sparse>(); // lead column → its row, lead value 1
  // short rows first: the pivots they leave are short, and a longer row reduced by them fills in little (on a
  // 1M build's hip scenario, 10k entries in the echelon form against 510k in the table's order)
  for (const given of [...rows].sort((a, b) => a.size - b.size)) {
    const cols = Int32Array.from([...given.keys()].sort((a, b) => a - b));
    let row: Sparse = { cols, vals: Float64Array.from(cols, (c) => ((given.get(c)! % PRIME) + PRIME) % PRIME) };
    let pivot: Sparse | undefined;
    while (row.cols.length > 0 && (pivot = pivots.get(row.cols[0]))) row = subtract(row, pivot, row.vals[0]);
    if (row.cols.length === 0) continue;
    const scale = inverse(row.vals[0]);
    pivots.set(row.cols[0], { cols: row.cols, vals: row.vals.map((v) => (v * scale) % PRIME) });
  }
  const solutions = [fieldValues(1), fieldValues(2)].map((draw) => {
    const x = new Map<number, number>();
    const valueOf = (c: number) => x.get(c) ?? x.set(c, draw.next().value as number).get(c)!;
    for (const lead of [...pivots.keys()].sort((a, b) => b - a)) {
      const { cols, vals } = pivots.get(lead)!;
      let sum = 0;
      for (let k = 1; k < cols.length; k++) sum = (sum + ((vals[k] * valueOf(cols[k])) % PRIME)) % PRIME;
      x.set(lead, (PRIME - sum) % PRIME);
    }
    return x;
  });
  return [...pivots.keys()].filter((lead) => solutions.every((x) => x.get(lead) === 0)).sort((a, b) => a - b);
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
