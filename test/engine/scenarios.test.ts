// What-if scenarios on the hand-made scenario fixture (test/helpers/scenario-fixture.ts): a scenario with no
// change moves nothing; a move of follow-ups to non-face-to-face and a length-of-stay change worked by hand;
// the prices with their sources; clear errors. (Suppression across runs: scenario-cross-run.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/scenarios/index.ts';
import type { ScenarioCell, ScenarioResult } from '../../schemas/api/scenarios.ts';
import type { ScenarioInput } from '../../schemas/scenario.ts';
import { FOLLOW_UPS, scenarioFixture } from '../helpers/scenario-fixture.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await scenarioFixture()));
afterAll(async () => cleanup?.());

const scenario = (changes: ScenarioInput['changes']): ScenarioInput => ({ id: 'test', name: 'Test', pathway_id: 'knee-replacement', changes });
const cell = (r: ScenarioResult, provider: string, step: string, setting: string, unit: string) =>
  r.cells.find((c) => c.provider_code === provider && c.step === step && c.setting === setting && c.unit === unit) as ScenarioCell;
const icbTotal = (r: ScenarioResult) => cell(r, 'ICB', 'all', 'all', 'all');

const WF01C = { ncc: { price_year: '2023/24', department: 'Consultant Led', currency_code: 'WF01C' } };
const MOVE_HALF = { type: 'move', name: 'Half of follow-ups non-face-to-face', step: 'follow_up_outpatients', unit: 'attendances', share: 0.5, to: { price: WF01C } } as const;

describe('scenario engine', () => {
  it('no change: £0.00 difference in every cell, shown or not, and the waterfall goes from baseline to the same total', async () => {
    for (const changes of [[], [{ ...MOVE_HALF, share: 0 }]] as ScenarioInput['changes'][]) {
      const r = await runScenario(dir, scenario(changes));
      expect(r.cells.length).toBeGreaterThan(20);
      for (const c of r.cells) {
        if (c.suppressed) expect([c.baseline_gbp, c.scenario_gbp, c.difference_gbp]).toEqual([null, null, null]);
        else expect([c.difference_gbp, c.difference_per_episode_gbp, c.scenario_gbp]).toEqual([0, 0, c.baseline_gbp]);
      }
      // ICB: 28 × £5,000 surgery + 28 × £200 GP + rehab (£69,100 − RAA's readmissions are gone) + 56 × £192.28
      expect(icbTotal(r).baseline_gbp).toBe(140_000 + 5_600 + 70_100 + 10_767.68);
      expect(r.waterfall.at(-1)?.gbp).toBe(r.waterfall[0].gbp);
    }
  });

  it('moving 50% of follow-ups from £192.28 (WF01A) to £153.84 (WF01C) lowers cost by exactly n × 0.5 × £38.44 (n shown)', async () => {
    const r = await runScenario(dir, scenario([MOVE_HALF]));
    expect(r.prices).toEqual([expect.objectContaining({ gbp: 153.84, price_year: '2023/24' })]);
    expect(r.prices[0].source).toContain('WF01C');
    expect(r.prices[0].source).toContain('ncc_2023_24.csv row 191');
    const saving = -FOLLOW_UPS * 0.5 * 38.44; // 42 × 0.5 × £38.44 = £807.24 (RCC's and RDD's 14 are in hidden cells, left as built)
    const fu = cell(r, 'ICB', 'follow_up_outpatients', 'acute', 'attendances');
    expect(fu.difference_gbp).toBe(-807.24);
    expect(fu.difference_gbp).toBeCloseTo(saving, 10);
    expect(fu.difference_units).toBe(0); // attendances stay attendances, at the lower price
    expect(cell(r, 'RAA', 'follow_up_outpatients', 'acute', 'attendances').difference_gbp).toBe(-24 * 0.5 * 38.44); // £461.28
    expect(icbTotal(r).difference_gbp).toBe(-807.24);
    expect(icbTotal(r).difference_per_episode_gbp).toBe(-28.83); // £807.24 / 28
    expect(r.waterfall.map((b) => [b.kind, b.gbp])).toEqual([['baseline', 226_467.68], ['change', -807.24], ['scenario', 225_660.44]]);
  });

  it('length of stay: one bed day fewer for half the stays at £345 a bed day; a stay never falls below one bed day', async () => {
    // 28 stays of 3 bed days; RCC's 5 and RDD's 2 are in cells the build hides, which a change leaves as built: 21 change
    const bed = { gbp: 345, source: 'House of Commons written answer 165361 (2022/23): standard bed day, 2020/21 cost collection' };
    const r = await runScenario(dir, scenario([{ type: 'length_of_stay', name: 'LOS −1', step: 'surgery', share: 0.5, bed_days_per_stay: -1, price_per_bed_day: bed }]));
    const surgery = cell(r, 'ICB', 'surgery', 'acute', 'bed_days');
    expect(surgery.difference_units).toBe(-10.5); // 21 stays × 0.5 × −1
    expect(surgery.difference_gbp).toBe(-3_622.5); // −10.5 × £345
    expect(surgery.scenario_units).toBe(73.5); // 84 − 10.5
    expect(r.waterfall[1]).toMatchObject({ kind: 'change', gbp: -3_622.5, units: { bed_days: -10.5 } });
    // −5 days on 3-day stays: each falls to one bed day, 2 fewer: 21 × −2 = −42 bed days, −£14,490
    const capped = await runScenario(dir, scenario([{ type: 'length_of_stay', name: 'LOS −5', step: 'surgery', share: 1, bed_days_per_stay: -5, price_per_bed_day: bed }]));
    expect(cell(capped, 'ICB', 'surgery', 'acute', 'bed_days')).toMatchObject({ difference_units: -42, difference_gbp: -14_490 });
    // The floor holds for the stays changed only: half of them (10.5) fall to one bed day, 10.5 × −2 = −21, −£7,245
    const half = await runScenario(dir, scenario([{ type: 'length_of_stay', name: 'LOS −5', step: 'surgery', share: 0.5, bed_days_per_stay: -5, price_per_bed_day: bed }]));
    expect(cell(half, 'ICB', 'surgery', 'acute', 'bed_days')).toMatchObject({ difference_units: -21, difference_gbp: -7_245, scenario_units: 63 });
  });

  it('remove, add, volume and unit cost, applied in order', async () => {
    const r = await runScenario(dir, scenario([
      { type: 'volume', name: 'Demand +10%', factor: 1.1 },
      { type: 'remove_step', name: 'No GP step for a quarter', step: 'gp_consultations', share: 0.25 },
      { type: 'add_step', name: 'Pre-op GP visit', step: 'preop_gp', setting: 'primary', provider: 'A81001', unit: 'gp_minutes', share: 0.5, units_per_episode: 10, price: { staff_time: { staff_group: 'primary', role: 'gp', edition_year: 2024, minutes: 1 } } },
      { type: 'unit_cost', name: 'Rehab uplift 3%', step: 'community_rehab', factor: 1.03 },
    ]));
    expect(r.episodes).toEqual({ baseline: 28, scenario: 30.8 });
    const bars = Object.fromEntries(r.waterfall.map((b) => [b.label, b.gbp]));
    expect(bars['Demand +10%']).toBeCloseTo(22_646.77, 2); // 10% of £226,467.68
    expect(bars['No GP step for a quarter']).toBeCloseTo(-0.25 * 5_600 * 1.1, 2); // −£1,540
    // 0.5 × 30.8 episodes × 10 minutes × £4.05 (PSSRU 2024 GP per minute, rounded to the penny)
    expect(r.prices.at(-1)?.gbp).toBe(4.05);
    expect(bars['Pre-op GP visit']).toBeCloseTo(0.5 * 30.8 * 10 * 4.05, 2);
    expect(bars['Rehab uplift 3%']).toBeCloseTo(0.03 * 70_100 * 1.1, 2);
    expect(cell(r, 'A81001', 'preop_gp', 'primary', 'gp_minutes').scenario_units).toBe(154);
  });

  it('a move to a step or provider the build does not hold says so (a new service, or a typo)', async () => {
    const to = (extra: object) => ({ ...MOVE_HALF, to: { price: WF01C, ...extra } });
    const moves = (r: ScenarioResult) => r.notes.filter((n) => n.includes('which the build does not hold'));
    const r = await runScenario(dir, scenario([to({ step: 'community_physio', provider: 'RY9' })]));
    expect(moves(r)).toEqual([
      "Change 'Half of follow-ups non-face-to-face' moves activity to step 'community_physio' and provider RY9, which the build does not hold: a new place in the pathway (GET /api/steps lists the build's steps, if an existing one was meant).",
    ]);
    expect(moves(await runScenario(dir, scenario([to({ step: 'community_rehab', provider: 'RY1' })])))).toEqual([]);
  });

  it('bad scenarios fail with a message naming what is wrong', async () => {
    await expect(runScenario(dir, { ...scenario([]), pathway_id: 'shoulder' })).rejects.toThrow(/Pathway 'shoulder' has no episodes.*/);
    await expect(runScenario(dir, scenario([{ ...MOVE_HALF, step: 'follow_up' }]))).rejects.toThrow(/no step 'follow_up' \(steps: community_rehab, follow_up_outpatients/);
    // A typo among several providers is named, not ignored while the others change.
    await expect(runScenario(dir, scenario([{ type: 'remove_step', name: 'x', step: 'surgery', providers: ['RAA', 'RXX'], share: 0.5 }]))).rejects.toThrow(/Change 'x' matches no activity in the build: no activity delivered by RXX/);
    await expect(runScenario(dir, scenario([{ ...MOVE_HALF, unit: undefined, step: undefined }]))).rejects.toThrow(/priced per unit.*Add "unit"|count attendances and bed_days/s);
    await expect(runScenario(dir, scenario([{ ...MOVE_HALF, share: 1.5 }]))).rejects.toThrow(/changes\[0\]\.share/);
    await expect(runScenario(dir, scenario([{ ...MOVE_HALF, to: { price: { ncc: { ...WF01C.ncc, currency_code: 'WF99Z' } } } }]))).rejects.toThrow(/no unit cost for Consultant Led WF99Z in 2023\/24/);
    await expect(runScenario(dir, scenario([{ ...MOVE_HALF, to: { price: { gbp: 150 } } } as never]))).rejects.toThrow(/Invalid scenario/);
  });
});
