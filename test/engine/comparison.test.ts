// What the provider comparison takes (issue 17): missing strata as a level of their own, the episodes it leaves
// out and their published counts, expected cost from the ICB's own model (and the fallback when there is none),
// one price year, and the providers it hides beyond the summary's. Worked by hand on small fixtures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { compare, createComparisonTables, insertEpisodes } from '../helpers/comparison-fixture.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createComparisonTables(db);
});
afterEach(() => db.close());

const actualRaw = `basis = 'actual' and view = 'raw'`;

describe('missing strata', () => {
  it('compares an episode without IMD, sex or age under the level "unknown"', async () => {
    await insertEpisodes(db, 'P1', Array(10).fill(1000));
    await insertEpisodes(db, 'P2', Array(10).fill(1200), { imd: null });
    await insertEpisodes(db, 'P3', Array(10).fill(1100), { sex: null, age: null });
    await compare(db);
    const n = await db.all<{ p: string; n: number }>(`select provider_code p, n_episodes::int n from variation where ${actualRaw} order by p`);
    expect(n).toEqual([{ p: 'P1', n: 10 }, { p: 'P2', n: 10 }, { p: 'P3', n: 10 }]);
    const levels = await db.all<{ predictor: string; level: string; status: string }>(
      `select predictor, level, status from casemix_model where pathway_id = 'knee' and ${actualRaw} and predictor in ('imd_quintile', 'sex', 'age_band') order by all`);
    // P3's age is missing: its band is unknown whatever age_band holds. The known level is the reference. Age and
    // sex are unknown on the same episodes: the later column (sex) adds nothing and is aliased.
    expect(levels).toEqual([
      { predictor: 'age_band', level: '65-74', status: 'reference' }, { predictor: 'age_band', level: 'unknown', status: 'estimated' },
      { predictor: 'imd_quintile', level: '3', status: 'reference' }, { predictor: 'imd_quintile', level: 'unknown', status: 'estimated' },
      { predictor: 'sex', level: '2', status: 'reference' }, { predictor: 'sex', level: 'unknown', status: 'aliased' },
    ]);
  });
});

describe('episodes left out of the comparison', () => {
  beforeEach(async () => {
    await insertEpisodes(db, 'P1', Array(20).fill(1000));
    await insertEpisodes(db, 'P2', Array(20).fill(1500));
    await insertEpisodes(db, 'P1', Array(9).fill(9000), { id: 'P1-prov', status: 'provisional', flags: ['window_not_covered'] });
    // provisional and died: counted once, as provisional (the first reason)
    await insertEpisodes(db, 'P2', Array(3).fill(9000), { id: 'P2-prov-died', status: 'provisional', flags: ['window_not_covered', 'died_in_window'] });
    await insertEpisodes(db, 'P1', Array(8).fill(9000), { id: 'P1-died', flags: ['died_in_window', 'bilateral_same_spell'] });
    await insertEpisodes(db, 'P2', Array(10).fill(9000), { id: 'P2-bilateral', flags: ['bilateral_same_spell', 'readmitted'] });
  });

  it('leaves out provisional, died-in-window and same-spell bilateral episodes, each counted under its first reason', async () => {
    await compare(db);
    expect(await db.all(`select provider_code p, n_episodes::int n, observed_mean_gbp::double mean from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'P1', n: 20, mean: 1000 }, { p: 'P2', n: 20, mean: 1500 }]);
    // 70 episodes: 40 compared, 9 + 3 provisional, 8 died (and bilateral), 10 bilateral.
    expect(await db.all(`select reason, n_episodes::int n, suppressed from comparison_exclusion order by reason`)).toEqual([
      { reason: 'bilateral_same_spell', n: 10, suppressed: false },
      { reason: 'compared', n: 40, suppressed: false },
      { reason: 'died_in_window', n: 8, suppressed: false },
      { reason: 'provisional', n: 12, suppressed: false },
    ]);
    const { n } = await db.one<{ n: number }>(`select n_episodes::int n from pathway_summary where provider_code = 'ICB' and month = 'all' and step = 'all' and setting = 'all' and basis = 'actual'`);
    expect(n).toBe(40 + 10 + 8 + 12);
  });

  it('takes the excluded flags as a parameter', async () => {
    await compare(db, { exclusions: { provisional: false, flags: ['bilateral_same_spell'] } });
    // provisional and died episodes compared now: P1 20 + 9 + (the 8 died are bilateral too: out); P2 20 + 3.
    expect(await db.all(`select provider_code p, n_episodes::int n from variation where ${actualRaw} order by p`)).toEqual([{ p: 'P1', n: 29 }, { p: 'P2', n: 23 }]);
    expect(await db.all(`select reason, n_episodes::int n from comparison_exclusion order by reason`)).toEqual([
      { reason: 'bilateral_same_spell', n: 18 }, { reason: 'compared', n: 52 },
    ]);
  });

  it('hides a small count of left-out episodes, and the count that would give it away', async () => {
    await db.run(`delete from episode where episode_id like 'P1-died-%' and episode_id >= 'P1-died-3'`); // 3 died are left
    await compare(db);
    // died 3 is hidden; the ICB's 63 episodes less the shown reasons would give it, so the smallest other reason
    // (bilateral, 10) is hidden too.
    expect(await db.all(`select reason, n_episodes::int n, suppressed from comparison_exclusion order by reason`)).toEqual([
      { reason: 'bilateral_same_spell', n: null, suppressed: true },
      { reason: 'compared', n: 40, suppressed: false },
      { reason: 'died_in_window', n: null, suppressed: true },
      { reason: 'provisional', n: 12, suppressed: false },
    ]);
  });
});

describe('providers hidden beyond the summary', () => {
  it('hides a provider with too few compared episodes, and one more so that no count can be worked out', async () => {
    await insertEpisodes(db, 'A', Array(6).fill(1000));
    await insertEpisodes(db, 'A', Array(4).fill(1000), { id: 'A-prov', status: 'provisional' });
    await insertEpisodes(db, 'B', Array(20).fill(1100));
    await insertEpisodes(db, 'C', Array(30).fill(1200));
    await compare(db);
    // Summary: A 10, B 20, C 30, all shown. Compared: A 6 (hidden), B 20, C 30, ICB 56; provisional 4 (hidden).
    // The ICB's compared 56 less B and C would give A's 6: B (the smallest) goes too. The ICB's 60 episodes less
    // its shown populations would give the provisional 4: its compared count goes too.
    const summary = await db.all(`select provider_code p, suppressed from pathway_summary where month = 'all' and step = 'all' and setting = 'all' and basis = 'actual' order by p`);
    expect(summary.map((r) => r.suppressed)).toEqual([false, false, false, false]);
    expect(await db.all(`select provider_code p, n_episodes::int n, suppressed from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'A', n: null, suppressed: true }, { p: 'B', n: null, suppressed: true }, { p: 'C', n: 30, suppressed: false }]);
    expect(await db.all(`select reason, n_episodes::int n from comparison_exclusion where reason in ('compared', 'provisional') order by reason`))
      .toEqual([{ reason: 'compared', n: null }, { reason: 'provisional', n: null }]);
  });

  it('hides a provider whose left-out episodes are few, which its summary count less its compared count would give', async () => {
    await insertEpisodes(db, 'A', Array(20).fill(1000));
    await insertEpisodes(db, 'A', Array(3).fill(1000), { id: 'A-died', flags: ['died_in_window'] });
    await insertEpisodes(db, 'B', Array(20).fill(1100));
    await insertEpisodes(db, 'C', Array(30).fill(1200));
    await compare(db);
    // Summary: A 23, B 20, C 30, ICB 73, all shown. A's 20 compared are not small, but 23 − 20 would give its 3
    // deaths: A is hidden. The ICB's compared 70 less B and C would give A's: B (the smallest) goes too. The
    // ICB's died 3 is small, and its 73 less its compared would give it: the compared count goes too.
    const summary = await db.all(`select provider_code p, n_episodes::int n from pathway_summary where month = 'all' and step = 'all' and setting = 'all' and basis = 'actual' order by p`);
    expect(summary).toEqual([{ p: 'A', n: 23 }, { p: 'B', n: 20 }, { p: 'C', n: 30 }, { p: 'ICB', n: 73 }]);
    expect(await db.all(`select provider_code p, n_episodes::int n, suppressed from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'A', n: null, suppressed: true }, { p: 'B', n: null, suppressed: true }, { p: 'C', n: 30, suppressed: false }]);
    expect(await db.all(`select reason, n_episodes::int n from comparison_exclusion order by reason`))
      .toEqual([{ reason: 'bilateral_same_spell', n: 0 }, { reason: 'compared', n: null }, { reason: 'died_in_window', n: null }, { reason: 'provisional', n: 0 }]);
  });
});

describe('expected cost from the ICB’s model', () => {
  it('explains a difference of case mix: each provider costs what its bands cost', async () => {
    // Band A costs 3000 (2900 and 3100), band B 1000. P1 mostly A, P2 mostly B: raw means 2600 and 1400.
    await insertEpisodes(db, 'P1', [...Array(4).fill(2900), ...Array(4).fill(3100)], { band: 'A' });
    await insertEpisodes(db, 'P1', [900, 1100], { band: 'B', id: 'P1-B' });
    await insertEpisodes(db, 'P2', [2900, 3100], { band: 'A', id: 'P2-A' });
    await insertEpisodes(db, 'P2', [...Array(4).fill(900), ...Array(4).fill(1100)], { band: 'B' });
    await compare(db);
    // Band is the only predictor with two levels: the fit is saturated and gives each band its mean. Expected P1 =
    // 8 × 3000 + 2 × 1000 = 26000 = observed; P2 = 2 × 3000 + 8 × 1000 = 14000 = observed.
    expect(await db.all(`select provider_code p, observed_mean_gbp::double obs, expected_mean_gbp::double e, oe_ratio::double oe, expected_method m from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'P1', obs: 2600, e: 2600, oe: 1, m: 'gamma_glm' }, { p: 'P2', obs: 1400, e: 1400, oe: 1, m: 'gamma_glm' }]);
    // Reference band A (10 episodes each; the tie goes by name): intercept ln 3000, band B ln(1000/3000).
    const terms = await db.all(`select predictor, level, status, estimate, multiplier, calibration from casemix_model where ${actualRaw} and status in ('intercept', 'estimated')`);
    expect(terms).toEqual([
      { predictor: '(intercept)', level: null, status: 'intercept', estimate: 8.00636757, multiplier: 3000, calibration: 1 },
      { predictor: 'complication_band', level: 'B', status: 'estimated', estimate: -1.09861229, multiplier: 0.333333, calibration: 1 },
    ]);
  });

  it('falls back to strata, and says why, when no episode has a cost to fit', async () => {
    await insertEpisodes(db, 'P1', Array(10).fill(0));
    await insertEpisodes(db, 'P2', Array(10).fill(0));
    await compare(db);
    expect(await db.all(`select provider_code p, expected_mean_gbp::double e, oe_ratio oe, outlier, expected_method m from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'P1', e: 0, oe: null, outlier: null, m: 'stratified' }, { p: 'P2', e: 0, oe: null, outlier: null, m: 'stratified' }]);
    expect(await db.all(`select method, fallback_reason, status, n_zero_cost::int z from casemix_model where ${actualRaw}`))
      .toEqual([{ method: 'stratified', fallback_reason: 'no episode with a cost above 0', status: 'none', z: 20 }]);
  });
});

describe('one price year', () => {
  beforeEach(async () => {
    await insertEpisodes(db, 'P1', Array(10).fill(1000), { month: '2023-06' });
    await insertEpisodes(db, 'P2', Array(10).fill(1000), { month: '2024-06' });
  });

  it('restates a comparison spanning years to the latest anchor year', async () => {
    await compare(db);
    // NHS cost inflation index 2024/25 1.3220118781 ÷ 2023/24 1.267387477807 = 1.0431: £1,000 → £1,043.10.
    expect(await db.all(`select provider_code p, observed_mean_gbp::double obs, price_year from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'P1', obs: 1043.1, price_year: '2024/25' }, { p: 'P2', obs: 1000, price_year: '2024/25' }]);
  });

  it('keeps the build’s price year, in which every price already is', async () => {
    await compare(db, { priceYear: '2024/25' });
    expect(await db.all(`select provider_code p, observed_mean_gbp::double obs, price_year from variation where ${actualRaw} order by p`))
      .toEqual([{ p: 'P1', obs: 1000, price_year: '2024/25' }, { p: 'P2', obs: 1000, price_year: '2024/25' }]);
  });
});
