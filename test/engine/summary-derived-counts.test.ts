// pathway_summary hides a cell when a count it publishes can be worked out by subtraction and is small, not only
// when a published count is (NHS Digital's rule for derived counts). Ten knee episodes at RAA in April 2024,
// threshold 8, worked by hand:
//   surgery (acute)     all 10, condition-related £1,000 each (every count large; hidden only as the
//                       complement of ae in the acute setting)
//   physio (community)  9 of the 10: n_episodes − n_with_activity = 1               hidden
//   gp (primary)        all 10 condition-related £50; episode 1 also £30 not so:
//                       actual − condition = £30 of one episode (n_other = 1)        hidden
//   ae (acute)          all 10 a £20 visit not condition-related, 1–9 also a £40 one
//                       that is: n_other = 10, but 10 − 9 = 1 episode has no
//                       condition-related activity (actual count − condition count) hidden
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { createTableSql } from '../../schemas/define.ts';
import { OUTPUT_TABLES } from '../../schemas/tables/index.ts';

const THRESHOLD = 8;
let db: Db;
beforeEach(async () => {
  db = await Db.open();
  for (const spec of OUTPUT_TABLES.filter((t) => ['episode', 'episode_step_cost', 'pathway_summary', 'reconciliation'].includes(t.name))) await db.run(createTableSql(spec));
  await db.run(`
insert into episode by name
select 'k' || i as episode_id, 'knee-replacement' as pathway_id, 'P' || i as patient_id, 'S' || i as anchor_source_id, 'RAA' as anchor_provider_code,
  date '2024-04-10' as anchor_start, date '2024-04-13' as anchor_end, date '2024-04-10' as window_start, date '2024-07-11' as window_end,
  '2024-04' as month, 3 as los_days, 'complete' as status, 0 as total_cost_gbp, 0 as condition_cost_gbp, 0 as standardised_cost_gbp,
  0 as overhead_standardised_cost_gbp, 0 as mff_neutral_cost_gbp
from range(1, 11) t(i)`);
  await db.run(`
insert into episode_step_cost by name
select 'k' || i as episode_id, 'knee-replacement' as pathway_id, '2024-04' as month, step, setting, 'RAA' as provider_code, 'total' as resource,
  'national_unit_cost' as cost_basis, cr as condition_related, gbp as cost_gbp, gbp as standardised_cost_gbp, 1 as units, 'contacts' as unit, 1 as activities
from range(1, 11) t(i), (values
  ('surgery', 'acute', true, 1000, 10), ('physio', 'community', true, 60, 9), ('gp', 'primary', true, 50, 10), ('gp', 'primary', false, 30, 1),
  ('ae', 'acute', false, 20, 10), ('ae', 'acute', true, 40, 9)
) v(step, setting, cr, gbp, upto)
where i <= upto`);
  await buildSummary(db, THRESHOLD);
});
afterEach(() => db.close());

describe('pathway_summary: counts worked out by subtraction', () => {
  it('hide the cells where they are small, in every basis', async () => {
    const rows = await db.all<{ step: string; basis: string; suppressed: boolean }>(
      `select step, basis, suppressed from pathway_summary where provider_code = 'RAA' and month = '2024-04' and setting <> 'all' order by step, basis`,
    );
    const hidden = Object.fromEntries(['ae', 'gp', 'physio'].map((s) => [s, [...new Set(rows.filter((r) => r.step === s).map((r) => r.suppressed))]]));
    expect(hidden).toEqual({ ae: [true], gp: [true], physio: [true] });
    // the ICB's total over every step and setting is shown: 10 episodes, £10,000 + £540 + £530 + £560
    const total = await db.one<{ n: number; total: number }>(
      `select n_episodes::integer as n, total_gbp::double as total from pathway_summary where provider_code = 'ICB' and month = 'all' and step = 'all' and setting = 'all' and basis = 'actual'`,
    );
    expect(total).toEqual({ n: 10, total: 11_630 });
  });
});
