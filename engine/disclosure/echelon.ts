// Which unknowns a fixed set of linear equations determines, kept up to date as unknowns are added: the audit
// across margins (linear-audit.ts) hides cells round after round, and solving the whole system again each round
// was most of its time.
//
// Arithmetic is modulo a prime below 2^26, so products stay exact in doubles; a combination that works over the
// rationals works modulo the prime unless the prime divides its denominator, and the audit's equations hold only
// 0 and ±1. Column j is determined exactly when every solution of the homogeneous system has x_j = 0. Two
// solutions are drawn with seeded random values for the free columns: a column that is not determined is 0 in a
// random solution with probability 1/PRIME, so a column 0 in both is determined but for a chance of about 1 in
// 2^52, and that chance errs only towards hiding one more cell. The same calls give the same answers.

export const PRIME = 67_108_859;

/** A sparse row: columns ascending, values in 1..PRIME−1. */
interface Sparse {
  cols: Int32Array;
  vals: Float64Array;
}

/** A row operation, in the order applied: target −= factor × source, or target ×= scale. */
type Op = { target: number; source: number; factor: number } | { target: number; scale: number };

const EMPTY: Sparse = { cols: new Int32Array(0), vals: new Float64Array(0) };
const mod = (a: number) => ((a % PRIME) + PRIME) % PRIME;

/** The inverse of a in the field, by the extended Euclidean algorithm (every value stays below 2^26). */
function inverse(a: number): number {
  let [r0, r1, s0, s1] = [PRIME, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0);
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
    if (a === b) v = mod(row.vals[i++] - ((factor * pivot.vals[j++]) % PRIME));
    else if (a < b) v = row.vals[i++];
    else v = mod(-((factor * pivot.vals[j++]) % PRIME));
    if (v !== 0) [cols[n], vals[n++]] = [col, v];
  }
  return { cols: cols.subarray(0, n), vals: vals.subarray(0, n) };
}

/** A fixed sequence of values in 1..PRIME−1 (a linear congruential generator). */
function* fieldValues(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 48_271) % 2_147_483_647;
    yield (state % (PRIME - 1)) + 1;
  }
}

/**
 * The row echelon form (not reduced: back-reducing every pivot row was most of the work) of a fixed set of
 * equations over unknowns that can only be added. Every row operation is kept, so a new column is brought into
 * the form by replaying them on its coefficients, and only the rows it reaches are reduced again.
 */
export class GrowingEchelon {
  private readonly rows: Sparse[];
  private readonly leadOf: Int32Array; // equation → its lead column, −1 if it is no pivot
  private readonly pivotAt = new Map<number, number>(); // lead column → equation
  private readonly ops: Op[] = [];
  private columns = 0;

  constructor(private readonly equations: number) {
    this.rows = Array.from({ length: equations }, () => EMPTY);
    this.leadOf = new Int32Array(equations).fill(-1);
  }

  /** Adds unknowns, each given by its coefficients (equation → value); they take the next column numbers, returned. */
  addColumns(columns: Array<Map<number, number>>): number[] {
    const added = new Map<number, Array<[number, number]>>(); // equation → its new (column, value) entries
    const numbers = columns.map((coefficients) => {
      const col = this.columns++;
      for (const [eq, value] of this.transform(coefficients)) {
        if (!added.has(eq)) added.set(eq, []);
        added.get(eq)!.push([col, value]);
      }
      return col;
    });
    for (const [eq, entries] of added) this.rows[eq] = append(this.rows[eq], entries);
    // rows that were no pivot (or zero) now have entries in new columns: shortest first, as fill is least so
    const waiting = [...added.keys()].filter((eq) => this.leadOf[eq] < 0);
    waiting.sort((a, b) => this.rows[a].cols.length - this.rows[b].cols.length || a - b);
    for (const eq of waiting) this.reduce(eq);
    return numbers;
  }

  /** How many columns (unknowns) it has. */
  get width(): number {
    return this.columns;
  }

  /** The columns every solution sets to 0, ascending. */
  determined(): number[] {
    const solutions = [fieldValues(1), fieldValues(2)].map((draw) => this.randomSolution(draw));
    return [...this.pivotAt.keys()].filter((col) => solutions.every((x) => x[col] === 0)).sort((a, b) => a - b);
  }

  /** The coefficients of a new column as the kept row operations leave them: (equation, value), zeros left out. */
  private transform(coefficients: Map<number, number>): Array<[number, number]> {
    const given = [...coefficients].map(([eq, value]): [number, number] => [eq, mod(value)]).filter(([, v]) => v !== 0);
    if (this.ops.length === 0) return given;
    const v = new Float64Array(this.equations);
    for (const [eq, value] of given) v[eq] = value;
    for (const op of this.ops) {
      if ('scale' in op) v[op.target] = (v[op.target] * op.scale) % PRIME;
      else if (v[op.source] !== 0) v[op.target] = mod(v[op.target] - ((op.factor * v[op.source]) % PRIME));
    }
    const entries: Array<[number, number]> = [];
    v.forEach((value, eq) => value !== 0 && entries.push([eq, value]));
    return entries;
  }

  /** Reduces one equation by the pivots until its lead is no pivot's; it then becomes one, lead 1, or vanishes. */
  private reduce(eq: number): void {
    let row = this.rows[eq];
    let source: number | undefined;
    while (row.cols.length > 0 && (source = this.pivotAt.get(row.cols[0])) !== undefined) {
      this.ops.push({ target: eq, source, factor: row.vals[0] });
      row = subtract(row, this.rows[source], row.vals[0]);
    }
    if (row.cols.length > 0) {
      const scale = inverse(row.vals[0]);
      this.ops.push({ target: eq, scale });
      row = { cols: row.cols, vals: row.vals.map((v) => (v * scale) % PRIME) };
      this.pivotAt.set(row.cols[0], eq);
      this.leadOf[eq] = row.cols[0];
    }
    this.rows[eq] = row;
  }

  /** A solution with random values (from `draw`) for the free columns, the pivots by back substitution. */
  private randomSolution(draw: Generator<number>): Float64Array {
    const x = new Float64Array(this.columns).fill(-1);
    const valueOf = (c: number) => (x[c] >= 0 ? x[c] : (x[c] = draw.next().value as number));
    for (const lead of [...this.pivotAt.keys()].sort((a, b) => b - a)) {
      const { cols, vals } = this.rows[this.pivotAt.get(lead)!];
      let sum = 0;
      for (let k = 1; k < cols.length; k++) sum = (sum + ((vals[k] * valueOf(cols[k])) % PRIME)) % PRIME;
      x[lead] = mod(-sum);
    }
    return x;
  }
}

/** The row with entries in columns beyond its last appended (the entries ascending). */
function append(row: Sparse, entries: Array<[number, number]>): Sparse {
  const cols = new Int32Array(row.cols.length + entries.length);
  const vals = new Float64Array(cols.length);
  cols.set(row.cols);
  vals.set(row.vals);
  entries.forEach(([c, v], k) => {
    cols[row.cols.length + k] = c;
    vals[row.cols.length + k] = v;
  });
  return { cols, vals };
}

/** The columns (unknowns) that the rows (column → coefficient) fix on their own, ascending. */
export function determinedColumns(rows: Array<Map<number, number>>): number[] {
  let width = 0;
  for (const row of rows) for (const col of row.keys()) width = Math.max(width, col + 1);
  const columns = Array.from({ length: width }, () => new Map<number, number>());
  rows.forEach((row, eq) => row.forEach((value, col) => columns[col].set(eq, value)));
  const echelon = new GrowingEchelon(rows.length);
  echelon.addColumns(columns);
  return echelon.determined();
}
