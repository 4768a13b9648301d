// pathway_summary's quantiles are taken over every episode of a cell, most of them £0 in a given step. The summary
// aggregates only the episodes with activity and puts the £0 back in its quantile (dense_quantile); that must give
// exactly what DuckDB's quantile_cont gives over every value, penny for penny, on groups of every shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { createDenseQuantile } from '../../engine/stages/07-aggregate/summary.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open({ threads: 2 });
  await createDenseQuantile(db);
});
afterAll(() => db?.close());

const QUANTILES = '[0.1, 0.25, 0.5, 0.75, 0.9]';

/** Both ways over `values` (g, v, present): quantile_cont over every value, absent ones as £0, and dense_quantile. */
async function mismatches(): Promise<{ groups: number; differing: number }> {
  return db.one(`
with truth as (
  select g, count(*) as n, quantile_cont(case when present then v else 0 end, ${QUANTILES}) as q from values_ group by g
), cells as (
  select g, count(*) as c, list(v order by v) as sorted, count(*) filter (where v < 0) as negatives from values_ where present group by g
), both_ as (
  select t.q, list_transform(${QUANTILES}::double[], p -> dense_quantile(coalesce(sorted, []), coalesce(negatives, 0), n - coalesce(c, 0), n, p)) as dense
  from truth t left join cells using (g)
)
select count(*)::int as groups, count(*) filter (where q <> dense)::int as differing from both_`);
}

describe('dense_quantile', () => {
  it('equals quantile_cont over every value on 20,000 random groups (negatives, zeros, single values, no activity)', async () => {
    await db.run('select setseed(0.42)');
    await db.run(`create or replace table values_ as
      select g, (case when random() < 0.2 then 0 else round((random() * 3000 - case when random() < 0.05 then 2000 else 0 end) * (1 + g % 7), 2) end)::decimal(38,2) as v,
        random() < 0.6 as present
      from (select (random() * 20000)::int as g from range(200000))`);
    const { groups, differing } = await mismatches();
    expect(groups).toBeGreaterThan(19_000);
    expect(differing).toBe(0);
  });

  it('equals quantile_cont on the hand-made edges', async () => {
    // one episode; one with activity of £0; all absent; all negative; pennies either side of an interpolation
    await db.run(`create or replace table values_ as select * from (values
      (1, 12.34, true),
      (2, 0.00, true), (2, 5.00, false),
      (3, 7.00, false), (3, 9.00, false),
      (4, -3.00, true), (4, -1.00, true), (4, -2.00, true),
      (5, 1672.11, true), (5, 1672.12, true), (5, 0.01, true), (5, 0, false), (5, 0, false), (5, 0, false)
    ) t(g, v, present)`);
    await db.run('alter table values_ alter v type decimal(38,2)');
    expect(await mismatches()).toEqual({ groups: 5, differing: 0 });
    const [{ q }] = await db.all<{ q: string[] }>(
      `select list_transform(${QUANTILES}::double[], p -> dense_quantile([0.01, 1672.11, 1672.12]::decimal(38,2)[], 0, 3, 6, p))::varchar[] as q`);
    expect(q).toEqual(['0.00', '0.00', '0.00', '1254.08', '1672.11']);
  });
});
