// A change's bar on the waterfall gives its units only for the units whose ICB total is shown: a change to every
// cell alike (demand +10%) moves a hidden total by a known factor, so its units would give that total away. Here 3
// of RAA's episodes had one prescription item each (£10): the ICB's items rest on 3 episodes, hidden, and a 10% rise
// in demand would have shown +0.3 items (the ICB's 3 items).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/scenarios/index.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await scenarioFixture([
    `insert into episode_step_cost by name
    select episode_id, pathway_id, month, 'prescribing' as step, 'prescribing' as setting, 'A81001' as provider_code, 'total' as resource,
      'supplied' as cost_basis, true as condition_related, 10 as cost_gbp, 10 as standardised_cost_gbp, 1 as units, 'items' as unit, 1 as activities
    from episode where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA' and right(episode_id, 2)::integer <= 3`,
  ]));
});
afterAll(async () => cleanup?.());

describe('waterfall units', () => {
  it('leave out a unit whose ICB total is hidden, and keep the others', async () => {
    const r = await runScenario(dir, { id: 't', name: 't', pathway_id: 'knee-replacement', changes: [{ type: 'volume', name: 'Demand +10%', factor: 1.1 }] });
    expect(r.cells.find((c) => c.provider_code === 'ICB' && c.step === 'all' && c.setting === 'all' && c.unit === 'items')?.suppressed).toBe(true);
    const bar = r.waterfall.find((b) => b.kind === 'change')!;
    // the ICB's attendances and contacts are hidden too, as complements of the items (the ICB's all-steps total is shown)
    const shownUnits = r.cells.filter((c) => c.provider_code === 'ICB' && c.step === 'all' && c.setting === 'all' && c.unit !== 'all' && !c.suppressed).map((c) => c.unit);
    expect(shownUnits.sort()).toEqual(['bed_days', 'gp_minutes']);
    expect(Object.keys(bar.units ?? {}).sort()).toEqual(['bed_days', 'gp_minutes']);
    expect(bar.units?.bed_days).toBeCloseTo(8.4, 9); // 10% of 28 stays × 3 bed days
  });
});
