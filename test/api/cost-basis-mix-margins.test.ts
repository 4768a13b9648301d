// provider_cost_basis_mix against pathway_summary (a reviewer's case). RAA (12 episodes), acute: surgery 12
// (PLICS), readmission 3 (PLICS, hidden), inpatient_stay_other 10 (tariff: the only tariff money of RAA), hidden in
// the summary as the readmissions' complement. Showing the tariff slice (10 episodes) showed that cell, and
// RAA's acute total less surgery less the slice gave the 3 readmissions' £4,500; so did PLICS £64,500 less
// surgery's £60,000. A slice whose basis has money in a hidden cell is hidden now.
import { expect, it } from 'vitest';
import { buildCostBasisMix } from '../../engine/stages/07-aggregate/cost-basis-mix.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { THRESHOLD } from './fixture.ts';
import { analystItems, injectFixture } from './helpers.ts';

const app = injectFixture(async (db) => {
  await db.run(`insert into episode_step_cost by name
    select episode_id, pathway_id, 'inpatient_stay_other' as step, 'acute' as setting, anchor_provider_code as provider_code, 'total' as resource,
      'tariff' as cost_basis, true as condition_related, 400 as cost_gbp, 360 as standardised_cost_gbp, 1 as units, 'bed_days' as unit, 1 as activities
    from episode where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA' and right(episode_id, 2)::int <= 10`);
  await db.run(`delete from pathway_summary`);
  await db.run(`delete from provider_cost_basis_mix`);
  await buildSummary(db, THRESHOLD);
  await buildCostBasisMix(db, THRESHOLD);
});
const items = (url: string) => analystItems(app(), url);

it('/api/summary with /api/cost-basis-mix no longer gives RAA’s hidden readmission £ away', async () => {
  const summary = await items('/api/summary?pathway=knee-replacement&provider=RAA&month=all&setting=acute&basis=actual&limit=100');
  const mix = await items('/api/cost-basis-mix?pathway=knee-replacement&provider=RAA');
  const s = (step: string) => summary.find((r) => r.step === step);
  expect(s('readmission').suppressed).toBe(true);
  expect(s('inpatient_stay_other').suppressed).toBe(true);
  expect(s('all')).toMatchObject({ suppressed: false, total_gbp: 68_500 });
  // PLICS and tariff both have money in hidden cells: hidden, and with them the whole of the acute money
  const slices = Object.fromEntries(mix.map((r) => [r.cost_basis, r.suppressed]));
  expect(slices.tariff).toBe(true);
  expect(slices.plics_actual).toBe(true);
  const shown = mix.filter((r) => !r.suppressed && r.cost_gbp !== null);
  for (const r of shown) expect([68_500 - 60_000 - r.cost_gbp, r.cost_gbp - 60_000], r.cost_basis).not.toContain(4_500);
});
