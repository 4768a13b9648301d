// /api/reconciliation against the totals other outputs publish (a reviewer's case): the ICB's all-months £ of a
// setting in pathway_summary, and a scenario's delivering provider × setting row, are each the sum of that feed's
// reconciliation rows over the months. RCC's 5 rehab contacts fall in June 2024 (only RY1 delivers community
// care): the June row is hidden (5 patients); April (12) or May (11) is hidden with it, so that neither total
// less the shown months gives June's £19,750 away (70,100 − 26,250 − 24,100 before).
import { expect, it } from 'vitest';
import { discloseReconciliation } from '../../engine/disclosure/reconciliation-cells.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { THRESHOLD } from './fixture.ts';
import { KEYS, analystItems, injectFixture } from './helpers.ts';

const app = injectFixture(async (db) => {
  // no readmissions (as test/helpers/scenario-fixture.ts): they hid the ICB's acute and community cells
  for (const t of ['episode_step_cost', 'activity_attribution']) await db.run(`delete from ${t} where step = 'readmission'`);
  await db.run(`delete from activity where source_id like '%:readmission'`);
  await db.run(`delete from pathway_summary`);
  await buildSummary(db, THRESHOLD);
  // RCC's rehab happens 40 days later, in June (activity and its attribution alike)
  await db.run(`update activity set start_date = start_date + 40, end_date = end_date + 40 where source_id like 'knee-replacement:RCC-%:community_rehab'`);
  await db.run(`update activity_attribution set month = '2024-06' where source_id like 'knee-replacement:RCC-%:community_rehab'`);
  // the fixture's own reconciliation SQL (test/api/fixture.ts), run again
  await db.run(`delete from reconciliation`);
  await db.run(`insert into reconciliation by name
    select pathway_id, feed, provider_code, month, sum(cost_gbp) as in_gbp, sum(cost_gbp) filter (where episode_id is not null) as attributed_gbp,
      0 as outside_gbp, 0 as quarantined_gbp, 0 as non_attributable_gbp, 0 as difference_gbp
    from activity_attribution group by all`);
  await discloseReconciliation(db, THRESHOLD);
});
const items = (url: string) => analystItems(app(), url);

it('/api/summary (ICB, all months, community) less the shown /api/reconciliation rows is not the hidden June row', async () => {
  const all = await items('/api/summary?pathway=knee-replacement&provider=ICB&month=all&basis=actual&limit=100');
  const icb = all.find((r) => r.step === 'community_rehab' && r.setting === 'community');
  expect(icb).toMatchObject({ suppressed: false, total_gbp: 70_100 });
  const recon = await items('/api/reconciliation?pathway=knee-replacement&feed=community_contacts');
  const june = recon.find((r) => r.month === '2024-06');
  expect(june).toMatchObject({ suppressed: true, attributed_gbp: null, n_patients: null });
  // May (11 patients, the fewest shown) is hidden with it: two hidden months, and the difference stays shown
  expect(recon.map((r) => [r.month, r.suppressed, r.n_patients])).toEqual([['2024-04', false, 12], ['2024-05', true, null], ['2024-06', true, null]]);
  expect(recon.every((r) => r.difference_gbp === 0)).toBe(true);
  const shown = recon.filter((r) => !r.suppressed).reduce((s, r) => s + r.attributed_gbp, 0);
  // RCC: 5 × £3,800 + £50 × (1+…+5) = £19,750, which the subtraction no longer gives
  expect(icb.total_gbp - shown).not.toBe(19_750);
  expect(icb.total_gbp - shown).toBe(70_100 - 26_250);
});

it('nor does a scenario’s delivering-provider row: POST /api/scenarios (no change) gives RY1’s all-months total', async () => {
  const r = await app().inject({ method: 'POST', url: '/api/scenarios', headers: { 'x-api-key': KEYS.analyst }, payload: { id: 'x', name: 'x', pathway_id: 'knee-replacement', changes: [] } });
  expect(r.statusCode).toBe(200);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ry1 = r.json().cells.find((c: any) => c.provider_code === 'RY1' && c.step === 'all' && c.setting === 'community' && c.unit === 'all');
  const recon = await items('/api/reconciliation?pathway=knee-replacement&feed=community_contacts&provider=RY1');
  const shown = recon.filter((x) => !x.suppressed).reduce((s, x) => s + x.attributed_gbp, 0);
  expect(ry1.suppressed).toBe(false);
  expect(ry1.baseline_gbp - shown).not.toBe(19_750); // 70,100 − 26,250 − 24,100 before
});
