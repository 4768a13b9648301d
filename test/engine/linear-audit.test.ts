// The audit across margins (engine/disclosure/linear-audit.ts) on a table worked by hand. Rows a–d by columns
// w–z, with totals T; every cell 10 episodes and £(10 × row number + column number). Hidden: the squares a, b × w, x
// and c, d × y, z, and a × y joining them. Every row and column has two or three hidden cells, so complementary
// suppression along one margin adds nothing; yet rows a and b less columns w and x leave a × y alone:
//   (a's row + b's row) − (w's column + x's column) = a×y, each side known from the totals and shown cells.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db, listParam } from '../../engine/db.ts';
import { suppressComplementary } from '../../engine/disclosure/complementary.ts';
import { suppressAudited, workedOutCells } from '../../engine/disclosure/linear-audit.ts';
import { solveHidden } from '../helpers/disclosure-attack.ts';

const TABLE = { table: 'cells', keys: ['r', 'c'], margins: [{ column: 'r', total: 'T' }, { column: 'c', total: 'T' }] };
const HIDDEN = ['a|w', 'a|x', 'b|w', 'b|x', 'c|y', 'c|z', 'd|y', 'd|z', 'a|y'];

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(`create temp table base as select r, c, 10 * (ri + 1) + ci + 1 as gbp from
    (select unnest(['a', 'b', 'c', 'd']) as r, generate_subscripts(['a', 'b', 'c', 'd'], 1) - 1 as ri),
    (select unnest(['w', 'x', 'y', 'z']) as c, generate_subscripts(['w', 'x', 'y', 'z'], 1) - 1 as ci)`);
  await db.run(`create temp table cells as
    select coalesce(r, 'T') as r, coalesce(c, 'T') as c, count(*) * 10 as size, sum(gbp)::double as gbp, false as hide from base group by cube (r, c)`);
  await db.run(`update cells set hide = list_contains($hidden, r || '|' || c)`, { hidden: listParam(HIDDEN) });
});
afterEach(() => db.close());

const published = async () => (await db.all<{ r: string; c: string; gbp: number; hide: boolean }>(`select r, c, gbp, hide from cells`)).map((x) => ({ ...x, suppressed: x.hide }));

describe('the audit across margins', () => {
  it('finds the cell one-margin suppression leaves to be worked out, as the attack does', async () => {
    expect(await suppressComplementary(db, TABLE)).toBe(0);
    expect(await workedOutCells(db, TABLE)).toEqual([['a', 'y']]);
    // the attacker's arithmetic gives a × y's £13 (row a = 1, column y = 3)
    expect(solveHidden(await published(), ['r', 'c'], TABLE.margins, 'gbp')).toEqual([{ cell: 'a|y', value: 13 }]);
  });

  it('hides more until no combination of margins gives a hidden cell away', async () => {
    expect(await suppressAudited(db, TABLE)).toBeGreaterThan(0);
    expect(await workedOutCells(db, TABLE)).toEqual([]);
    expect(solveHidden(await published(), ['r', 'c'], TABLE.margins, 'gbp')).toEqual([]);
    // still nothing hidden without cause: the squares stay, and each row and column keeps a shown cell
    const hidden = (await published()).filter((x) => x.hide).map((x) => `${x.r}|${x.c}`);
    expect(hidden).toEqual(expect.arrayContaining(HIDDEN));
    expect(hidden.length).toBeLessThan(16);
  });
});
