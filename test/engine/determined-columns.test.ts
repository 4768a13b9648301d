// determinedColumns (engine/disclosure/echelon.ts) finds the unknowns a sparse system fixes from an echelon
// form and two seeded random solutions. Checked here against a dense Gauss–Jordan elimination over the rationals
// (BigInt fractions, no modulus), on random systems shaped like the audit's: rows of ±1 over a few unknowns.
import { describe, expect, it } from 'vitest';
import { determinedColumns, GrowingEchelon } from '../../engine/disclosure/echelon.ts';

type Frac = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const norm = ([n, d]: Frac): Frac => {
  const g = gcd(n, d) || 1n;
  const s = d < 0n ? -1n : 1n;
  return [(s * n) / g, (s * d) / g];
};
const sub = (a: Frac, b: Frac): Frac => norm([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
const mul = (a: Frac, b: Frac): Frac => norm([a[0] * b[0], a[1] * b[1]]);
const div = (a: Frac, b: Frac): Frac => norm([a[0] * b[1], a[1] * b[0]]);

/** The unknowns fixed by the rows: a row of the reduced row echelon form with a single entry. */
function fixedByRref(rows: Array<Map<number, number>>, width: number): number[] {
  const m: Frac[][] = rows.map((r) => Array.from({ length: width }, (_, c) => [BigInt(r.get(c) ?? 0), 1n] as Frac));
  let lead = 0;
  const pivotCols: number[] = [];
  for (let col = 0; col < width && lead < m.length; col++) {
    const at = m.findIndex((row, i) => i >= lead && row[col][0] !== 0n);
    if (at < 0) continue;
    [m[lead], m[at]] = [m[at], m[lead]];
    const p = m[lead][col];
    m[lead] = m[lead].map((v) => div(v, p));
    for (let i = 0; i < m.length; i++) {
      if (i === lead || m[i][col][0] === 0n) continue;
      const f = m[i][col];
      m[i] = m[i].map((v, c) => sub(v, mul(f, m[lead][c])));
    }
    pivotCols.push(col);
    lead++;
  }
  return pivotCols.filter((col, i) => m[i].every((v, c) => c === col || v[0] === 0n));
}

/** A seeded random system: `rows` rows of 2 to 4 unknowns, coefficients ±1 (a margin less its children). */
function randomSystem(seed: number, width: number, rows: number): Array<Map<number, number>> {
  let s = seed;
  const next = (n: number) => {
    s = (s * 48_271) % 2_147_483_647;
    return s % n;
  };
  return Array.from({ length: rows }, () => {
    const row = new Map<number, number>();
    const size = 2 + next(3);
    while (row.size < size) row.set(next(width), row.size === 0 ? 1 : -1);
    return row;
  });
}

describe('determinedColumns', () => {
  it('fixes exactly the unknowns an exact elimination fixes, on 200 random systems', () => {
    let fixed = 0;
    let free = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const width = 8 + (seed % 25);
      const rows = randomSystem(seed, width, Math.round(width * (0.5 + (seed % 7) / 7)));
      const expected = fixedByRref(rows, width);
      expect(determinedColumns(rows), `seed ${seed}`).toEqual(expected);
      fixed += expected.length;
      free += width - expected.length;
    }
    // the systems are neither all fixed nor all free, so both answers are tested
    expect(fixed).toBeGreaterThan(100);
    expect(free).toBeGreaterThan(100);
  });

  it('gives, as columns are added in batches, what an exact elimination of the columns so far gives', () => {
    let checked = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const width = 10 + (seed % 20);
      const rows = randomSystem(seed, width, Math.round(width * (0.6 + (seed % 5) / 5)));
      // the unknowns join in three batches, in a shuffled order (column k of the echelon is unknown order[k])
      const order = Array.from({ length: width }, (_, c) => c).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
      const echelon = new GrowingEchelon(rows.length);
      const column = (c: number) => new Map(rows.flatMap((row, eq) => (row.has(c) ? [[eq, row.get(c)!] as [number, number]] : [])));
      for (const end of [Math.floor(width / 3), Math.floor((2 * width) / 3), width]) {
        const so = order.slice(0, end);
        echelon.addColumns(order.slice(echelon.width, end).map(column));
        const restricted = rows.map((row) => new Map([...row].filter(([c]) => so.includes(c)).map(([c, v]) => [so.indexOf(c), v])));
        expect(echelon.determined(), `seed ${seed}, ${end} columns`).toEqual(fixedByRref(restricted, end));
        checked += fixedByRref(restricted, end).length;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('a + b, a + c, c − b fix nothing; a − b, b − c, a + c fix all three, in any order', () => {
    const row = (entries: Array<[number, number]>) => new Map(entries);
    expect(determinedColumns([row([[0, 1], [1, 1]]), row([[0, 1], [2, 1]]), row([[2, 1], [1, -1]])])).toEqual([]);
    expect(determinedColumns([row([[0, 1], [1, -1]]), row([[1, 1], [2, -1]]), row([[0, 1], [2, 1]])])).toEqual([0, 1, 2]);
    // the same rows in another order give the same answer
    expect(determinedColumns([row([[0, 1], [2, 1]]), row([[1, 1], [2, -1]]), row([[0, 1], [1, -1]])])).toEqual([0, 1, 2]);
  });
});
