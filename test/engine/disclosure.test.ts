// Disclosure control (engine/disclosure): complementary suppression worked by hand on a small table, checked on
// random tables against an attack that is written here independently, and histogram bins merged by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { type CellTable, suppressComplementary } from '../../engine/disclosure/complementary.ts';
import { mergeBins } from '../../engine/disclosure/bins.ts';
import { loneHiddenGroups } from '../helpers/disclosure-attack.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
});
afterEach(() => db.close());

/** Rows A, B and their total T; columns x, y, z and their total "all". */
const TABLE: CellTable = { table: 'cells', keys: ['r', 'c'], margins: [{ column: 'r', total: 'T' }, { column: 'c', total: 'all' }] };

interface Cell {
  r: string;
  c: string;
  size: number;
  hide: boolean;
}

async function load(cells: Cell[]): Promise<void> {
  await db.run(`create or replace table cells (r varchar, c varchar, size integer, hide boolean)`);
  for (const x of cells) await db.run(`insert into cells values ($r, $c, $size, $hide)`, { ...x });
}

async function hidden(): Promise<string[]> {
  return (await db.all<{ k: string }>(`select r || c as k from cells where hide order by k`)).map((x) => x.k);
}

/** A two-way table with its margins, from the inner sizes and the cells hidden by the primary rule. */
function twoWay(inner: Record<string, Record<string, number>>, primary: string[]): Cell[] {
  const rows = Object.keys(inner);
  const cols = Object.keys(inner[rows[0]]);
  const cells: Cell[] = [];
  for (const r of rows) {
    for (const c of cols) cells.push({ r, c, size: inner[r][c], hide: primary.includes(r + c) });
    cells.push({ r, c: 'all', size: cols.reduce((s, c) => s + inner[r][c], 0), hide: false });
  }
  for (const c of [...cols, 'all']) cells.push({ r: 'T', c, size: cells.filter((x) => x.c === c).reduce((s, x) => s + x.size, 0), hide: false });
  return cells;
}

describe('complementary suppression along margins', () => {
  it('hides the smallest other cell of a row and of a column, worked by hand', async () => {
    // A: x 50, y 3 (primary), z 20. B: x 40, y 30, z 25.
    await load(twoWay({ A: { x: 50, y: 3, z: 20 }, B: { x: 40, y: 30, z: 25 } }, ['Ay']));
    expect(await suppressComplementary(db, TABLE)).toBe(3);
    // Round 1, along rows (column y: Ay, By, Ty): hide By (30, the only other row). Along columns (row A: Ax, Ay,
    // Az, Aall): hide Az (20 < 50). Round 2, along rows, column z now has a lone Az: hide Bz. Row B then holds By
    // and Bz: two hidden, and every group has none or two.
    expect(await hidden()).toEqual(['Ay', 'Az', 'By', 'Bz']);
    expect(await loneHiddenGroups(db, TABLE)).toEqual([]);
  });

  it('hides the margin when it is the only cell that could hide a lone child', async () => {
    // One row: A's x is small. With no other row, T's x equals A's x and goes too; row A's total is published, so
    // its y goes with x, and T's y with it. The totals stay: each is the sum of two hidden cells.
    await load(twoWay({ A: { x: 3, y: 40 } }, ['Ax']));
    await suppressComplementary(db, TABLE);
    expect(await hidden()).toEqual(['Ax', 'Ay', 'Tx', 'Ty']);
  });

  it('never picks an empty cell as the complement (an empty cell hides nothing)', async () => {
    await load(twoWay({ A: { x: 0, y: 5, z: 12 }, B: { x: 0, y: 20, z: 30 } }, ['Ay']));
    await suppressComplementary(db, TABLE);
    expect(await hidden()).not.toContain('Ax');
    expect(await loneHiddenGroups(db, TABLE)).toEqual([]);
  });

  it('leaves no lone hidden cell along any margin of random four-way tables, where primary suppression alone does', async () => {
    const table: CellTable = {
      table: 'cells4',
      keys: ['p', 'm', 's', 't'],
      margins: [{ column: 'p', total: 'ICB' }, { column: 'm', total: 'all' }, { column: 's', total: 'all' }, { column: 't', total: 'all' }],
    };
    let lonePrimaryOnly = 0;
    for (let seed = 1; seed <= 5; seed++) {
      await randomTable(seed);
      lonePrimaryOnly += (await loneHiddenGroups(db, table)).length;
      await suppressComplementary(db, table);
      expect(await loneHiddenGroups(db, table), `seed ${seed}`).toEqual([]);
    }
    // the attack is not empty by construction: primary suppression alone leaves lone hidden cells
    expect(lonePrimaryOnly).toBeGreaterThan(0);
  });
});

/** Providers × months × steps × settings of random sizes (many small), with every margin summed in SQL. */
async function randomTable(seed: number): Promise<void> {
  await db.run(`select setseed($s)`, { s: seed / 10 });
  await db.run(`
create or replace table inner4 as
select 'P' || p as p, 'M' || m as m, 'S' || s as s, 'T' || t as t, (floor(random() * random() * 40))::integer as size
from range(4) a(p), range(3) b(m), range(3) c(s), range(2) d(t)`);
  await db.run(`
create or replace table cells4 as
select coalesce(p, 'ICB') as p, coalesce(m, 'all') as m, coalesce(s, 'all') as s, coalesce(t, 'all') as t, sum(size)::integer as size,
  sum(size) between 1 and 7 as hide
from inner4 group by cube (p, m, s, t)`);
}

describe('histogram bins merged until none is small', () => {
  it('merges neighbours left to right, worked by hand', () => {
    // ICB: 2 9 12 3 0 8; provider: 0 8 4 0 0 8 (the other provider's counts are the difference, all published).
    const merged = mergeBins([[2, 9, 12, 3, 0, 8], [0, 8, 4, 0, 0, 8]], 8);
    // [0,1]: ICB 11, provider 8 → publishable. [2]: ICB 12, provider 4 → small; [2,3]: 15 and 4 → small;
    // [2,4]: still 4; [2,5]: 23 and 12 → publishable.
    expect(merged).toEqual([{ first: 0, last: 1 }, { first: 2, last: 5 }]);
  });

  it('folds a small top remainder into the bins below it', () => {
    // [0]: 10 → ok; [1]: 9 → ok; [2]: 2 → small, the end: joins [1] → 11.
    expect(mergeBins([[10, 9, 2]], 8)).toEqual([{ first: 0, last: 0 }, { first: 1, last: 2 }]);
  });

  it('keeps zero bins as they are (no one is in them) and covers every bin', () => {
    const counts = [0, 0, 12, 0, 9, 0];
    const merged = mergeBins([counts], 8);
    expect(merged.map((b) => counts.slice(b.first, b.last + 1).reduce((a, c) => a + c, 0))).toEqual([0, 0, 12, 0, 9, 0]);
    expect(merged[0].first).toBe(0);
    expect(merged.at(-1)!.last).toBe(5);
  });
});
