// Adjusted health gain on a small fixture against an independent fit: fixtures/proms-outcome-reference.py fits
// the same model with numpy's least squares on the full design matrix (the engine sums X'X in DuckDB and
// solves with its Cholesky), and works out each provider's adjusted gain, funnel limits and cost per unit.
// Then suppression: a provider with few linked episodes is hidden, with its complement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPathways } from '../../engine/pathways.ts';
import { createTableSql } from '../../schemas/define.ts';
import { Episode, EpisodeOutcome, PromsLinkage, ProviderOutcome, Variation } from '../../schemas/tables/index.ts';
import { Db } from '../../engine/db.ts';
import { buildOutcomes } from '../../engine/stages/07-aggregate/proms-outcome.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { Proms } from '../../schemas/feeds/index.ts';
import { fitOls } from '../../engine/stats/ols.ts';

/** The shipped pathways whose definitions name a PROMs procedure. */
const PROMS_PATHWAYS = await loadPathways(undefined, ['knee-replacement', 'hip-replacement']);

const PROMS = stageTable('checked_proms', Proms);

const FIXTURE = new URL('./fixtures/proms-outcome-episodes.csv', import.meta.url).pathname;

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  for (const spec of [Episode, EpisodeOutcome, PromsLinkage, ProviderOutcome, Variation]) await db.run(createTableSql(spec));
  await db.run(`create temp table fixture as select * from read_csv($file, all_varchar = true)`, { file: FIXTURE });
  // every episode admitted 15 January 2024; its PROMs pair 10 days before and 180 days after
  await db.run(`
insert into episode (episode_id, pathway_id, patient_id, anchor_provider_code, anchor_start, age_band, sex, imd_quintile, total_cost_gbp)
select episode_id, 'knee-replacement', episode_id, provider_code, date '2024-01-15', age_band, sex, imd_quintile::integer, total_cost_gbp::decimal(18, 2) from fixture`);
  await db.run(`
create table checked_proms as
select episode_id as proms_id, episode_id as patient_id, provider_code, 'knee' as procedure, date '2024-01-05' as preop_date, date '2024-07-13' as postop_date,
  oxford_pre::bigint as oxford_pre, oxford_post::bigint as oxford_post, eq5d_pre::double as eq5d_pre, eq5d_post::double as eq5d_post, null::varchar as reason
from fixture`);
  await db.run(`
create temp table summary_cells as
select 'knee-replacement' as pathway_id, unnest(['ICB', 'P1', 'P2', 'P3', 'P4']) as provider_code, 'all' as month, 'all' as step, 'all' as setting, false as hide`);
  await db.run(`insert into variation (pathway_id, provider_code, basis, view, suppressed, oe_ratio) values ('knee-replacement', 'P2', 'actual', 'raw', false, 1.05), ('knee-replacement', 'P2', 'standardised', 'raw', false, 0.9)`);
});
afterEach(() => db.close());

const outcome = (measure: string) => db.all<Record<string, unknown>>(`
select provider_code, suppressed, n_linked::integer as n, mean_pre as pre, mean_post as post, mean_gain as gain, expected_gain, adjusted_gain as adjusted, outcome_oe as oe,
  lower_95::double as l95, upper_95::double as u95, lower_998::double as l998, upper_998::double as u998, mean_cost_gbp::double as cost, cost_per_unit_gbp::double as per_unit, cost_oe, residual_sd
from provider_outcome where measure = $measure order by provider_code`, { measure });

describe('adjusted health gain against numpy least squares', () => {
  it('gives each provider the adjusted Oxford gain, funnel limits and cost per point of the independent fit', async () => {
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 2 });
    // python3 test/engine/fixtures/proms-outcome-reference.py (numpy 2.4 lstsq): rank 9, residual sd 3.871962, ICB mean gain 15.75,
    // ICB mean cost £9,283.07 → £589.40 per point
    const icb = { l95: null, u95: null, l998: null, u998: null, residual_sd: 3.871962 };
    expect(await outcome('oxford')).toEqual([
      { provider_code: 'ICB', suppressed: false, n: 28, pre: 17.8929, post: 33.6429, gain: 15.75, expected_gain: 15.75, adjusted: 15.75, oe: 1, cost: 9283.07, per_unit: 589.4, cost_oe: null, ...icb },
      { provider_code: 'P1', suppressed: false, n: 8, pre: 20.25, post: 35.25, gain: 15, expected_gain: 15.3098, adjusted: 15.4402, oe: 0.9798, l95: 13.0669, u95: 18.4331, l998: 11.5196, u998: 19.9804, cost: 8963.57, per_unit: 580.53, cost_oe: null, residual_sd: 3.871962 },
      // cost O/E is variation's actual basis, raw view
      { provider_code: 'P2', suppressed: false, n: 9, pre: 19.1111, post: 34.1111, gain: 15, expected_gain: 14.8562, adjusted: 15.8938, oe: 1.0097, l95: 13.2204, u95: 18.2796, l998: 11.7616, u998: 19.7384, cost: 8519.82, per_unit: 536.04, cost_oe: 1.05, residual_sd: 3.871962 },
      { provider_code: 'P3', suppressed: false, n: 8, pre: 15.125, post: 32, gain: 16.875, expected_gain: 16.9807, adjusted: 15.6443, oe: 0.9938, l95: 13.0669, u95: 18.4331, l998: 11.5196, u998: 19.9804, cost: 10687.41, per_unit: 683.15, cost_oe: null, residual_sd: 3.871962 },
      { provider_code: 'P4', suppressed: false, n: 3, pre: 15.3333, post: 32.3333, gain: 17, expected_gain: 16.3237, adjusted: 16.4263, oe: 1.0414, l95: 11.3685, u95: 20.1315, l998: 8.8419, u998: 22.6581, cost: 8679.86, per_unit: 528.41, cost_oe: null, residual_sd: 3.871962 },
    ]);
  });

  it('and the EQ-5D gain, with cost per 0.1 gained', async () => {
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 2 });
    const rows = await outcome('eq5d');
    // numpy: residual sd 0.161468; ICB mean gain 0.2904; P3 £10,687.41 ÷ (0.1948 ÷ 0.1) = £5,485.28
    expect(rows.map((r) => [r.provider_code, r.adjusted, r.oe, r.l95, r.u95, r.per_unit, r.residual_sd])).toEqual([
      ['ICB', 0.2904, 1, null, null, 3196.73, 0.161468],
      ['P1', 0.3732, 1.2623, 0.1785, 0.4023, 2401.99, 0.161468],
      ['P2', 0.2742, 0.9424, 0.1849, 0.3959, 3107.36, 0.161468],
      ['P3', 0.1948, 0.6559, 0.1785, 0.4023, 5485.28, 0.161468],
      ['P4', 0.3731, 1.2916, 0.1077, 0.4731, 2326.45, 0.161468],
    ]);
  });

  it('solves the normal equations from the cross-products to the coefficients of the independent fit', async () => {
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 2 });
    const coefficients = await db.all<{ term: number; estimate: number }>(`select term, estimate from outcome_coefficients where measure = 'oxford' order by term`);
    // numpy: intercept 21.75275218, pre-op score 0.48944735 (terms 0 and 1; the levels follow by name)
    expect(coefficients[0].estimate).toBeCloseTo(21.75275218, 7);
    expect(coefficients[1].estimate).toBeCloseTo(0.48944735, 7);
    const expected = await db.one<{ x: number }>(`select oxford_expected_post as x from episode_outcome where episode_id = 'E01'`);
    // E01: 55-64, sex 1, IMD 1, pre 27: 21.75275218 + 27 × 0.48944735 + 2.56873654 + 3.29975731 = 40.83632448
    expect(expected.x).toBeCloseTo(40.836324, 5);
  });

  it('an aliased column gets no coefficient: two copies of one predictor fit as one', () => {
    // y = 1 + 2x on x = 0, 1, 2 with the x column twice: X'X singular; the copy is aliased
    const x = [0, 1, 2];
    const rows = x.map((v) => [1, v, v]);
    const y = x.map((v) => 1 + 2 * v);
    const xtx = [0, 1, 2].map((j) => [0, 1, 2].map((k) => rows.reduce((s, r) => s + r[j] * r[k], 0)));
    const xty = [0, 1, 2].map((j) => rows.reduce((s, r, i) => s + r[j] * y[i], 0));
    const fit = fitOls({ xtx, xty, yty: y.reduce((s, v) => s + v * v, 0), n: 3 });
    expect(fit.coefficients.map((b) => Math.round(b * 1e9) / 1e9)).toEqual([1, 2, 0]);
    expect(fit.aliased).toEqual([false, false, true]);
    expect(fit.rank).toBe(2);
    expect(fit.rss).toBeCloseTo(0, 9);
  });
});

describe('suppression of the outcome tables', () => {
  it('hides a provider with fewer linked episodes than the threshold, and the complement that would give it away', async () => {
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 8 });
    const rows = await outcome('oxford');
    // P4 has 3 linked episodes (< 8): hidden. The ICB's 28 less P1, P2 and P3 would give it away, so the
    // smallest shown provider is hidden too: P1 and P3 both have 8, P1 first by code.
    expect(rows.map((r) => [r.provider_code, r.suppressed, r.n, r.adjusted])).toEqual([
      ['ICB', false, 28, 15.75], ['P1', true, null, null], ['P2', false, 9, 15.8938], ['P3', false, 8, 15.6443], ['P4', true, null, null],
    ]);
    const linkage = await db.all(`select provider_code, suppressed, n_episodes::integer as n, n_linked::integer as linked, linkage_rate from proms_linkage order by 1`);
    expect(linkage).toEqual([
      { provider_code: 'ICB', suppressed: false, n: 28, linked: 28, linkage_rate: 1 },
      { provider_code: 'P1', suppressed: true, n: null, linked: null, linkage_rate: null },
      { provider_code: 'P2', suppressed: false, n: 9, linked: 9, linkage_rate: 1 },
      { provider_code: 'P3', suppressed: false, n: 8, linked: 8, linkage_rate: 1 },
      { provider_code: 'P4', suppressed: true, n: null, linked: null, linkage_rate: null },
    ]);
  });

  it('hides a provider whose episodes without a questionnaire are few, which two of its published counts would give', async () => {
    // one of P2's nine episodes has no PROMs record: 9 episodes, 8 with a pre-op questionnaire, 8 linked, none small
    await db.run(`delete from checked_proms where proms_id = (select min(episode_id) from fixture where provider_code = 'P2')`);
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 8 });
    const linkage = await db.all(`select provider_code, suppressed, n_episodes::integer as n, n_preop::integer as preop from proms_linkage order by 1`);
    // P2's 9 less 8 would give its one episode without a questionnaire: P2 is hidden whole, and so is the ICB
    // (28 less 27). P4 (3 linked) is hidden as before.
    expect(linkage).toEqual([
      { provider_code: 'ICB', suppressed: true, n: null, preop: null },
      { provider_code: 'P1', suppressed: false, n: 8, preop: 8 },
      { provider_code: 'P2', suppressed: true, n: null, preop: null },
      { provider_code: 'P3', suppressed: false, n: 8, preop: 8 },
      { provider_code: 'P4', suppressed: true, n: null, preop: null },
    ]);
  });

  it('hides a provider whose episodes not yet eligible are few: the summary counts them, the linkage does not', async () => {
    // two more P2 episodes admitted 1 May 2025: their post-op window ends after the coverage end
    await db.run(`insert into episode (episode_id, pathway_id, patient_id, anchor_provider_code, anchor_start, total_cost_gbp)
      values ('R1', 'knee-replacement', 'R1', 'P2', date '2025-05-01', 9000), ('R2', 'knee-replacement', 'R2', 'P2', date '2025-05-01', 9000)`);
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 8 });
    // P2 has 11 episodes in the summary and 9 eligible: 2 recent ones, small, hide P2 and the ICB (30 less 28)
    expect(await db.all(`select provider_code, suppressed, n_episodes::integer as n from proms_linkage order by 1`)).toEqual([
      { provider_code: 'ICB', suppressed: true, n: null }, { provider_code: 'P1', suppressed: false, n: 8 },
      { provider_code: 'P2', suppressed: true, n: null }, { provider_code: 'P3', suppressed: false, n: 8 },
      { provider_code: 'P4', suppressed: true, n: null },
    ]);
  });

  it('hides a provider pathway_summary hides, with its complement', async () => {
    await db.run(`update summary_cells set hide = true where provider_code = 'P2'`);
    await buildOutcomes(db, PROMS, PROMS_PATHWAYS, { coverageEnd: '2025-06-30', threshold: 2 });
    const rows = await outcome('oxford');
    // P2 hidden by the summary; its complement is the smallest shown provider, P4 (3)
    expect(rows.map((r) => [r.provider_code, r.suppressed])).toEqual([['ICB', false], ['P1', false], ['P2', true], ['P3', false], ['P4', true]]);
  });

  it('links nothing and publishes no outcome when no pathway names a PROMs procedure', async () => {
    const withoutProms = PROMS_PATHWAYS.map(({ outcomes: _outcomes, ...def }) => def);
    await buildOutcomes(db, PROMS, withoutProms, { coverageEnd: '2025-06-30', threshold: 2 });
    const counts = await db.one<Record<string, number>>(`select (select count(*) from episode_outcome)::integer as episode_outcome,
      (select count(*) from proms_linkage)::integer as proms_linkage, (select count(*) from provider_outcome)::integer as provider_outcome`);
    expect(counts).toEqual({ episode_outcome: 0, proms_linkage: 0, provider_outcome: 0 });
  });
});
