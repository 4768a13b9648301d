// spreadLocks: a cell published elsewhere (locked) locks the cells that hold the same money, the only child of a
// locked margin and a margin whose only child is locked, along every margin until nothing changes. Worked by hand:
//   A delivers step x only: A/all and A/x are the same money, so A/x locked locks A/all.
//   B delivers x and y: B/x locked locks nothing (B/all has two children; so has ICB/x, with A's).
//   Only C delivers z: ICB/z locked locks C/z (ICB/z's only child), then C/all (whose only child C/z now is):
//   a second margin's turn, after the first's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { spreadLocks } from '../../engine/disclosure/complementary.ts';

const CELLS = { table: 'cells', keys: ['provider', 'step'], margins: [{ column: 'provider', total: 'ICB' }, { column: 'step', total: 'all' }], locked: 'locked' };

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(`create temp table cells as select * from (values
    ('A', 'all', false), ('A', 'x', true),
    ('B', 'all', false), ('B', 'x', true), ('B', 'y', false),
    ('C', 'all', false), ('C', 'z', false),
    ('ICB', 'all', false), ('ICB', 'x', false), ('ICB', 'y', false), ('ICB', 'z', true)
  ) t(provider, step, locked)`);
});
afterEach(() => db.close());

const lockedCells = async () => (await db.all<{ cell: string }>(`select provider || '/' || step as cell from cells where locked order by all`)).map((r) => r.cell);

describe('spreadLocks', () => {
  it('locks the cells holding a locked cell’s money, across margins, and no others', async () => {
    expect(await spreadLocks(db, CELLS)).toBe(3);
    expect(await lockedCells()).toEqual(['A/all', 'A/x', 'B/x', 'C/all', 'C/z', 'ICB/z']);
  });

  it('in either order of the margins', async () => {
    expect(await spreadLocks(db, { ...CELLS, margins: [...CELLS.margins].reverse() })).toBe(3);
    expect(await lockedCells()).toEqual(['A/all', 'A/x', 'B/x', 'C/all', 'C/z', 'ICB/z']);
  });

  it('spreads nothing where every locked cell has a sibling', async () => {
    await db.run(`update cells set locked = (provider = 'B' and step = 'x')`);
    expect(await spreadLocks(db, CELLS)).toBe(0);
    expect(await lockedCells()).toEqual(['B/x']);
  });
});
