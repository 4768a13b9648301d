// Scenario runs against one build, taken together (an analyst may post as many as they like): the cells a
// scenario hides are the baseline's pattern whatever the changes, so no run shows a baseline another hides and
// no hidden cell falls out of one run's margin less the cells shown in any run; and a change leaves the hidden
// cells at baseline (a change that reached a hidden cell would give its cost away through the margin's
// difference, e.g. half of RCC's stays removed = −½ × RCC's surgery cost), so every shown margin's difference is
// its shown cells' differences added up. Only a change to the whole pathway (a volume change with no filter)
// reaches hidden cells, scaling every cell alike, which a margin already gives away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/scenarios/index.ts';
import type { ScenarioCell, ScenarioResult } from '../../schemas/api/scenarios.ts';
import type { ScenarioInput } from '../../schemas/scenario.ts';
import { keyOf, recoverBaselines } from '../helpers/scenario-attack.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await scenarioFixture()));
afterAll(async () => cleanup?.());

const KEYS = ['provider_code', 'step', 'setting', 'unit'] as const;
const TOTAL = { provider_code: 'ICB', step: 'all', setting: 'all', unit: 'all' } as const;
const scenario = (changes: ScenarioInput['changes']): ScenarioInput => ({ id: 'test', name: 'Test', pathway_id: 'knee-replacement', changes });
const BED = { gbp: 345, source: 'House of Commons written answer 165361 (2022/23)' };
const WF01C = { ncc: { price_year: '2023/24', department: 'Consultant Led', currency_code: 'WF01C' } };

const RUNS: ScenarioInput['changes'][] = [
  [],
  [{ type: 'remove_step', name: 'Half of RCC and RAA’s stays', step: 'surgery', providers: ['RCC', 'RAA'], share: 0.5 }],
  [{ type: 'length_of_stay', name: 'LOS −1', step: 'surgery', share: 1, bed_days_per_stay: -1, price_per_bed_day: BED }],
  [{ type: 'unit_cost', name: 'Rehab +10%', step: 'community_rehab', factor: 1.1 }],
  [{ type: 'move', name: 'Follow-ups by phone', step: 'follow_up_outpatients', unit: 'attendances', share: 0.5, to: { price: WF01C } }],
  [{ type: 'volume', name: 'RBB and RDD surgery ×3', step: 'surgery', providers: ['RBB', 'RDD'], factor: 3 }],
];

/** Children of a margin cell along one key (the cells that add up to it). */
function children(cells: ScenarioCell[], margin: ScenarioCell, along: (typeof KEYS)[number]): ScenarioCell[] {
  return cells.filter((c) => c[along] !== TOTAL[along] && KEYS.every((k) => k === along || c[k] === margin[k]));
}

describe('scenario runs taken together', () => {
  it('(the attack works: two runs hiding different complements give the third hidden cell away)', () => {
    const c = (provider_code: string, baseline_gbp: number | null) => ({ provider_code, step: 's', setting: 'acute', unit: 'u', baseline_gbp, suppressed: baseline_gbp === null }) as ScenarioCell;
    const run = (cells: ScenarioCell[]) => ({ cells }) as ScenarioResult;
    const a = run([c('ICB', 1000), c('A', 600), c('B', null), c('C', null), c('D', 100)]);
    const b = run([c('ICB', 1000), c('A', 600), c('B', 150), c('C', null), c('D', null)]);
    expect(recoverBaselines([a])).toEqual([]);
    expect(recoverBaselines([a, b])).toEqual([['C|s|acute|u', 150]]);
  });

  it('hide the same cells whatever the changes, so no hidden baseline can be worked out from them', async () => {
    const runs: ScenarioResult[] = [];
    for (const changes of RUNS) runs.push(await runScenario(dir, scenario(changes)));
    const pattern = (r: ScenarioResult) => r.cells.filter((c) => c.suppressed).map(keyOf).sort();
    const first = pattern(runs[0]);
    expect(first).toContain('RCC|surgery|acute|bed_days');
    for (const r of runs.slice(1)) expect(pattern(r).filter((k) => runs[0].cells.some((c) => keyOf(c) === k))).toEqual(first);
    expect(recoverBaselines(runs)).toEqual([]);
  });

  it('leave hidden cells at baseline: every shown margin’s difference is its shown children’s, along every key', async () => {
    for (const changes of RUNS) {
      const r = await runScenario(dir, scenario(changes));
      for (const m of r.cells.filter((c) => !c.suppressed)) {
        for (const along of KEYS) {
          if (m[along] !== TOTAL[along]) continue;
          const kids = children(r.cells, m, along);
          if (!kids.length) continue;
          const shown = kids.filter((c) => !c.suppressed).reduce((s, c) => s + c.difference_gbp!, 0);
          expect(Math.abs(m.difference_gbp! - shown), `${changes[0]?.name} ${keyOf(m)} along ${along}`).toBeLessThan(0.005 * (kids.length + 1));
        }
      }
    }
  });

  it('say how many matched cells were left as built, and refuse a change that reaches none that is shown', async () => {
    const r = await runScenario(dir, scenario([RUNS[1][0]]));
    // RCC's surgery cell is hidden (5 episodes); RAA's is shown: 12 stays × ½ × £5,000 = £30,000 less
    expect(r.notes).toEqual([
      expect.stringMatching(/^Change 'Half of RCC and RAA’s stays' left 1 of the 2 cells it matches as built: they are hidden in this build \(fewer than 8 episodes/),
      // the ICB's £226,467.68 less the shown cells: RCC and RDD's surgery, 7 stays × £5,000, and their follow-ups,
      // 14 × £192.28 (rehab is delivered by RY1, GP visits by A81001: both shown), 16.6% of the baseline
      'The 4 cells the build hides hold £37,691.92 (16.6%) of the baseline; changes other than to the whole pathway leave them as built.',
    ]);
    expect(r.cells.find((c) => keyOf(c) === 'ICB|surgery|acute|bed_days')?.difference_gbp).toBe(-30_000);
    await expect(runScenario(dir, scenario([{ type: 'remove_step', name: 'Half of RCC’s stays', step: 'surgery', providers: ['RCC'], share: 0.5 }]))).rejects.toThrow(
      /Change 'Half of RCC’s stays' matches only cells hidden in this build.*would change nothing/,
    );
  });

  it('a volume change to the whole pathway scales the hidden cells too: the ICB total grows by exactly the factor', async () => {
    const r = await runScenario(dir, scenario([{ type: 'volume', name: 'Demand +10%', factor: 1.1 }]));
    const total = r.cells.find((c) => keyOf(c) === 'ICB|all|all|all')!;
    expect(total.baseline_gbp).toBe(226_467.68);
    expect(total.difference_gbp).toBe(22_646.77); // 10% of every cell, RCC's and RDD's included
    expect(r.notes).toEqual([]);
  });
});
