// A hidden cell that holds no money or units (a complement chosen by episodes: 8 did-not-attend follow-ups at £0)
// is still listed as hidden: left out, the one other hidden cell of its group would be the ICB's figure less the
// shown ones (a reviewer's case).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/scenarios/index.ts';
import type { ScenarioInput } from '../../schemas/scenario.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  // RCC follows up its own 5 episodes and RDD's 2: 7 episodes, 2 follow-ups each at £192.28 (small: hidden). RZZ: 8
  // of RAA's episodes had a follow-up booked at RZZ and did not attend: £0, 0 attendances, 8 episodes (not small,
  // but the complement with fewest episodes).
  ({ dir, cleanup } = await scenarioFixture([
    `update episode_step_cost set provider_code = 'RCC' where step = 'follow_up_outpatients' and provider_code = 'RDD'`,
    `insert into episode_step_cost by name
    select episode_id, pathway_id, month, 'follow_up_outpatients' as step, 'acute' as setting, 'RZZ' as provider_code, 'total' as resource,
      'not_attended' as cost_basis, true as condition_related, 0 as cost_gbp, 0 as standardised_cost_gbp, 0 as units, 'attendances' as unit, 1 as activities
    from episode where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA' and right(episode_id, 2)::integer <= 8`,
  ]));
});
afterAll(async () => cleanup?.());
const scenario: ScenarioInput = { id: 'test', name: 'Test', pathway_id: 'knee-replacement', changes: [] };

describe('scenario cells: a hidden complement with nothing in it', () => {
  it('is listed (hidden), so the ICB less the shown providers is two hidden cells, not RCC alone', async () => {
    const r = await runScenario(dir, scenario);
    const group = r.cells.filter((c) => c.step === 'follow_up_outpatients' && c.setting === 'acute' && c.unit === 'attendances');
    expect(group.map((c) => [c.provider_code, c.baseline_gbp, c.suppressed])).toEqual([
      ['ICB', 10_767.68, false], // 56 follow-ups × £192.28
      ['RAA', 4614.72, false],
      ['RBB', 3461.04, false],
      ['RCC', null, true],
      ['RZZ', null, true],
    ]);
    // RZZ's margins are hidden with it: its £0 cannot be read from its provider total either.
    expect(r.cells.filter((c) => c.provider_code === 'RZZ').every((c) => c.suppressed)).toBe(true);
  });
});
