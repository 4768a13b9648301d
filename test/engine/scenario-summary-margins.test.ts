// A scenario against pathway_summary (a reviewer's case): the summary hides a cell whose condition-related count
// is small (its all-cause count is not); the scenario (all-cause only) showed it and picked another complement,
// so the summary's margin less its shown cells less the scenario's shown cell gave a cell both hide (RAA's 3 A&E
// attendances after surgery, £900). The scenario now hides every ICB cell the summary hides.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { runScenario } from '../../engine/scenarios/index.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { buildFixture } from '../api/fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rv-leak1-'));
  await buildFixture(dir);
  const db = await Db.open({ path: join(dir, 'pathcost.duckdb') });
  try {
    // X: follow-ups for RAA and RBB (21 episodes, £200 each), condition-related for 3 of them only
    // W: orthopaedic outpatients for RAA's 12 episodes (£150 each), condition-related
    await db.run(`insert into episode_step_cost by name
      select episode_id, pathway_id, 'follow_up_outpatients' as step, 'acute' as setting, anchor_provider_code as provider_code,
        'total' as resource, 'national_unit_cost' as cost_basis, (anchor_provider_code = 'RAA' and right(episode_id, 2)::int <= 3) as condition_related,
        200 as cost_gbp, 180 as standardised_cost_gbp, 1 as units, 'attendances' as unit, 1 as activities
      from episode where pathway_id = 'knee-replacement' and anchor_provider_code in ('RAA', 'RBB')
      union all
      select episode_id, pathway_id, 'orthopaedic_outpatients', 'acute', anchor_provider_code, 'total', 'national_unit_cost', true,
        150, 135, 1, 'attendances', 1
      from episode where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA'`);
    // Z: RAA 1–3's readmissions become three A&E attendances after surgery (£300 each), not condition-related
    await db.run(`delete from episode_step_cost where step = 'readmission'`);
    await db.run(`insert into episode_step_cost by name
      select episode_id, pathway_id, 'ae_after_surgery' as step, 'acute' as setting, anchor_provider_code as provider_code, 'total' as resource,
        'national_unit_cost' as cost_basis, false as condition_related, 300 as cost_gbp, 270 as standardised_cost_gbp, 1 as units, 'attendances' as unit, 1 as activities
      from episode where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA' and right(episode_id, 2)::int <= 3`);
    await db.run(`delete from pathway_summary`);
    await buildSummary(db, 8);
    await db.run('checkpoint');
  } finally {
    db.close();
  }
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

it('hides in the scenario the ICB cells the summary hides, so their margins give nothing away', async () => {
  const db = await Db.open({ path: join(dir, 'pathcost.duckdb') });
  const summary = await db.all<{ step: string; suppressed: boolean; total: number | null }>(
    `select step, suppressed, total_gbp::double as total from pathway_summary
     where pathway_id = 'knee-replacement' and provider_code = 'ICB' and month = 'all' and setting = 'acute' and basis = 'actual' order by step`);
  db.close();
  const r = await runScenario(dir, { id: 't', name: 't', pathway_id: 'knee-replacement', changes: [] });
  const scen = r.cells.filter((c) => c.provider_code === 'ICB' && c.setting === 'acute' && c.unit === 'all');
  const s = (step: string) => summary.find((x) => x.step === step)!;
  expect(s('follow_up_outpatients').suppressed).toBe(true); // 3 condition-related episodes
  expect(s('ae_after_surgery').suppressed).toBe(true);
  // every cell the summary hides is hidden in the scenario too (which may hide more, as complements)
  for (const c of scen.filter((x) => x.step !== 'all' && s(x.step).suppressed)) expect(c.suppressed, c.step).toBe(true);
  // the summary's acute total less its shown steps stays the two hidden cells' sum (£4,200 + £900): the scenario
  // shows neither
  const shownSteps = summary.filter((x) => x.step !== 'all' && !x.suppressed).reduce((t, x) => t + x.total!, 0);
  expect(s('all').total! - shownSteps).toBe(4_200 + 900);
  expect(scen.filter((c) => c.step !== 'all' && !c.suppressed && s(c.step).suppressed)).toEqual([]);
});
