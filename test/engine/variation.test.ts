// Fair comparison (issues 6 and 17): O/E, funnel limits with and without overdispersion, and opportunity on
// fixtures worked by hand; small-number suppression including the secondary suppression that protects a total.
// Every episode here is in one case-mix cell, so its expected cost is the ICB's mean (the model's intercept).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { comparisonTarget } from '../../engine/stages/07-aggregate/opportunity.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { compare, createComparisonTables, insertEpisodes } from '../helpers/comparison-fixture.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createComparisonTables(db);
});
afterEach(() => db.close());

const episodes = (provider: string, costs: number[]) => insertEpisodes(db, provider, costs);

describe('variation, three providers worked by hand', () => {
  beforeEach(async () => {
    await episodes('P1', Array(10).fill(1000));
    await episodes('P2', Array(10).fill(1500));
    await episodes('P3', [...Array(5).fill(1800), ...Array(5).fill(2200)]);
  });

  it('computes O/E against the ICB mean and funnel limits', async () => {
    await compare(db);
    const rows = await db.all<Record<string, number | string>>(
      `select provider_code, n_episodes::int n, observed_mean_gbp::double obs, expected_mean_gbp::double e, oe_ratio::double oe, z_score z, lower_95::double l95, upper_95::double u95,
         lower_998::double l998, upper_998::double u998, outlier, expected_method, limits_method, overdispersion phi, opportunity_gbp::double opp
       from variation where basis = 'actual' and view = 'raw' order by provider_code`);
    // ICB mean = (10×1000 + 10×1500 + 5×1800 + 5×2200) / 30 = 1500: the expected cost of every episode.
    // cost / expected per episode: P1 2/3, P2 1, P3 1.2 and 1.4667; about 1: Σ(dev²) = 10/9 + 5×0.04 + 5×(0.4667)² = 2.4;
    // v = 2.4 / (30 − 1 coefficient) = 0.0827586; se at n = 10 (all e equal) = √(v/10) = 0.0909718; z = (O/E − 1) / se.
    // Three providers are too few to estimate overdispersion from: 95% ± 1.959964 × se = ± 0.1783; 99.8% ± 0.2811.
    const same = { e: 1500, l95: 0.8217, u95: 1.1783, l998: 0.7189, u998: 1.2811, expected_method: 'gamma_glm', limits_method: 'normal', phi: 1 };
    expect(rows).toEqual([
      { provider_code: 'P1', n: 10, obs: 1000, oe: 0.6667, z: -3.6641, ...same, outlier: 'below_998', opp: 0 },
      { provider_code: 'P2', n: 10, obs: 1500, oe: 1, z: 0, ...same, outlier: 'within', opp: 0 },
      // Opportunity to the median of adjusted means (1000, 1500, 2000 → 1500): only P3, 10 × 2000 × (1 − 1500/2000)
      // (with one case-mix cell the adjusted mean is the observed one, so this is (2000 − 1500) × 10).
      { provider_code: 'P3', n: 10, obs: 2000, oe: 1.3333, z: 3.6641, ...same, outlier: 'above_998', opp: 5000 },
    ]);
  });

  it('counts opportunity only above a lower-quartile target, never to the best', async () => {
    await compare(db, { target: 'lower_quartile' });
    const rows = await db.all<{ p: string; opp: number; t: number; target: string }>(
      `select provider_code p, opportunity_gbp::double opp, target_gbp::double t, target from variation where basis = 'actual' and view = 'raw' order by p`);
    // Lower quartile of (1000, 1500, 2000) = 1250: P2 (1500 − 1250) × 10 = 2500; P3 (2000 − 1250) × 10 = 7500.
    expect(rows).toEqual([{ p: 'P1', opp: 0, t: 1250, target: 'lower_quartile' }, { p: 'P2', opp: 2500, t: 1250, target: 'lower_quartile' }, { p: 'P3', opp: 7500, t: 1250, target: 'lower_quartile' }]);
  });

  it('takes a target in pounds the user gives', async () => {
    await compare(db, { target: { gbp: 1400 } });
    const rows = await db.all<{ p: string; opp: number; t: number; target: string }>(
      `select provider_code p, opportunity_gbp::double opp, target_gbp::double t, target from variation where basis = 'actual' and view = 'raw' order by p`);
    // £1,400: P2 (1500 − 1400) × 10 = 1000; P3 (2000 − 1400) × 10 = 6000.
    expect(rows).toEqual([{ p: 'P1', opp: 0, t: 1400, target: 'amount' }, { p: 'P2', opp: 1000, t: 1400, target: 'amount' }, { p: 'P3', opp: 6000, t: 1400, target: 'amount' }]);
  });
});

describe('opportunity with case mix', () => {
  it('is the provider’s own spend above the target, not (adjusted − target) × n at the ICB’s case mix', async () => {
    await insertEpisodes(db, 'P1', Array(10).fill(3300), { band: 'A' });
    await insertEpisodes(db, 'P2', Array(10).fill(2700), { band: 'A' });
    await insertEpisodes(db, 'P3', Array(20).fill(1000), { band: 'B' });
    await compare(db, { target: { gbp: 2000 } });
    // ICB mean 80000 / 40 = 2000. Band A's expected £3,000: P1 O/E 1.1, adjusted 2200. Down to the target (O/E 1)
    // P1 would cost 30,000 instead of 33,000: 10 × 3300 × (1 − 2000/2200) = 3000 (not (2200 − 2000) × 10 = 2000).
    expect(await db.all(`select provider_code p, adjusted_mean_gbp::double adj, opportunity_gbp::double opp from variation where basis = 'actual' and view = 'raw' order by p`)).toEqual([
      { p: 'P1', adj: 2200, opp: 3000 },
      { p: 'P2', adj: 1800, opp: 0 },
      { p: 'P3', adj: 2000, opp: 0 },
    ]);
  });
});

describe('expected cost with zero-cost episodes and unknown levels', () => {
  const rows = () => db.all(`select provider_code p, expected_mean_gbp::double e, oe_ratio::double oe from variation where basis = 'actual' and view = 'raw' order by p`);

  it('a cell’s zero-cost episodes lower that cell’s expected cost only', async () => {
    await insertEpisodes(db, 'P1', Array(10).fill(1000), { band: 'A' });
    await insertEpisodes(db, 'P2', [...Array(5).fill(0), ...Array(5).fill(2000)], { band: 'B' });
    await compare(db);
    // Band A's mean is £1,000; band B's, zeros included, (5 × 0 + 5 × 2000) / 10 = £1,000: each provider costs its
    // band's mean, O/E 1. (The gamma fit alone gives B's positive mean, £2,000, to all ten; then scaled to the
    // ICB's total, A was £666.67 and B £1,333.33: P1 O/E 1.5.)
    expect(await rows()).toEqual([
      { p: 'P1', e: 1000, oe: 1 },
      { p: 'P2', e: 1000, oe: 1 },
    ]);
  });

  it('an unknown level held by one provider does not absorb its difference', async () => {
    const alternate = (a: number, b: number) => Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a));
    await insertEpisodes(db, 'P1', alternate(900, 1100));
    await insertEpisodes(db, 'P2', alternate(900, 1100));
    await insertEpisodes(db, 'P3', alternate(2900, 3100), { imd: null });
    await compare(db);
    // P3's deprivation is unknown: predicted at the known level, £1,000, like the others. Scaled to the ICB's total
    // (50,000 against 30 × 1000): £1,666.67 each; O/E 10,000 / 16,666.67 = 0.6 and 30,000 / 16,666.67 = 1.8.
    // (At the unknown level's own coefficient, P3's expected was its own mean: O/E 1.)
    expect(await rows()).toEqual([
      { p: 'P1', e: 1666.67, oe: 0.6 },
      { p: 'P2', e: 1666.67, oe: 0.6 },
      { p: 'P3', e: 1666.67, oe: 1.8 },
    ]);
  });
});

describe('the winsorised view with few episodes', () => {
  it('caps one extreme episode at the second highest cost when the 99th percentile lies between the two', async () => {
    await insertEpisodes(db, 'P1', [...Array(9).fill(1000), 1_000_000]);
    await insertEpisodes(db, 'P2', Array(20).fill(1000));
    await compare(db);
    // 30 episodes: the 99th percentile sits at 29 × 0.99 = 28.71, between 1,000 and 1,000,000 (710,290): capped at
    // the second highest cost instead, £1,000, so P1's winsorised mean is £1,000 (it was £71,929).
    expect(await db.all(`select provider_code p, observed_mean_gbp::double obs from variation where basis = 'actual' and view = 'winsorised' order by p`)).toEqual([
      { p: 'P1', obs: 1000 },
      { p: 'P2', obs: 1000 },
    ]);
  });

  it('rounds the caps to the nearest penny', async () => {
    // 126 episodes: 124 × £1,000.00, £1,000.01, £5,000. The 99th percentile sits at 125 × 0.99 = 123.75: 1000.00 +
    // 0.75 × 0.01 = 1000.0075 → £1,000.01 (a DECIMAL quantile truncates it to £1,000.00); the second highest is
    // £1,000.01 too. P1 holds the top two, both capped at £1,000.01.
    await insertEpisodes(db, 'P1', [1000.01, 5000]);
    await insertEpisodes(db, 'P2', Array(124).fill(1000));
    await compare(db, { threshold: 1 });
    expect(await db.one(`select observed_mean_gbp::double obs from variation where basis = 'actual' and view = 'winsorised' and provider_code = 'P1'`)).toEqual({ obs: 1000.01 });
  });
});

describe('the target to the nearest penny', () => {
  it('rounds a median between two pennies half up, not down', async () => {
    // adjusted means £1,000.00 and £1,000.03 (one cell each, so adjusted = observed): the median is £1,000.015 → £1,000.02
    await insertEpisodes(db, 'P1', Array(10).fill(1000));
    await insertEpisodes(db, 'P2', Array(10).fill(1000.03));
    await compare(db);
    const rows = await db.all<{ t: number }>(`select distinct target_gbp::double t from variation where basis = 'actual' and view = 'raw'`);
    expect(rows).toEqual([{ t: 1000.02 }]);
  });
});

describe('the target as written on the command line', () => {
  it('reads a statistic or an amount in pounds, and refuses anything else', () => {
    expect(['median', 'lower_quartile', 'mean', '9500', '£9500.50'].map(comparisonTarget)).toEqual(['median', 'lower_quartile', 'mean', { gbp: 9500 }, { gbp: 9500.5 }]);
    for (const bad of ['best', 'upper_quartile', '-100', '9,500', '9500.555']) expect(() => comparisonTarget(bad), bad).toThrow(/is not a target/);
  });
});

describe('funnel limits with overdispersion (Spiegelhalter 2005)', () => {
  it('widens the limits for ten providers spread evenly: a spread, not ten outliers', async () => {
    // P01…P10: five episodes at m − 50 and five at m + 50, m = 1000, 1100, …, 1900.
    for (let i = 1; i <= 10; i++) await episodes(`P${String(i).padStart(2, '0')}`, [...Array(5).fill(950 + 100 * (i - 1)), ...Array(5).fill(1050 + 100 * (i - 1))]);
    await compare(db);
    const rows = await db.all<Record<string, number | string>>(
      `select provider_code p, oe_ratio::double oe, z_score z, lower_95 l95, upper_95 u95, lower_998 l998, upper_998 u998, outlier, limits_method, overdispersion phi
       from variation where basis = 'actual' and view = 'raw' and provider_code in ('P01', 'P10') order by p`);
    // ICB mean 1450; O/E = m / 1450: P01 0.6897 … P10 1.3103. Σ dev² = 4.042806, v = 4.042806 / 99 = 0.0408364,
    // se = √(v/10) = 0.063903; z = ±4.8565, ±3.7773, ±2.6980, ±1.6188, ±0.5396. The 10th/90th percentiles are
    // ±(3.7773 + 0.1 × 1.0792) = ±3.8852: φ = (2 × 3.8852² + 2 × (3.7773² + 2.6980² + 1.6188² + 0.5396²)) / 10 = 7.9107;
    // 10φ = 79.1 above χ²₁₀'s 95% point (18.3, Wilson–Hilferty). Limits 1 ± z × √7.9107 × 0.063903 = 1 ± z × 0.179733:
    // 95% ± 0.3523, 99.8% ± 0.5554. Without the allowance P01, P02, P09 and P10 would be beyond 99.8%.
    const limits = { l95: 0.6477, u95: 1.3523, l998: 0.4446, u998: 1.5554, limits_method: 'multiplicative_overdispersion', phi: 7.9107, outlier: 'within' };
    expect(rows).toEqual([{ p: 'P01', oe: 0.6897, z: -4.8565, ...limits }, { p: 'P10', oe: 1.3103, z: 4.8565, ...limits }]);
  });

  it('winsorises one outlier’s z-score among ten, finds no overdispersion and flags it', async () => {
    for (let i = 1; i <= 9; i++) await episodes(`P0${i}`, [...Array(5).fill(1000), ...Array(5).fill(2000)]);
    await episodes('P10', [...Array(5).fill(1500), ...Array(5).fill(2500)]);
    await compare(db);
    const rows = await db.all<Record<string, number | string>>(
      `select provider_code p, oe_ratio::double oe, z_score z, lower_95 l95, upper_95 u95, lower_998 l998, upper_998 u998, outlier, limits_method, overdispersion phi
       from variation where basis = 'actual' and view = 'raw' and provider_code in ('P01', 'P10') order by p`);
    // ICB mean (9 × 15000 + 20000) / 100 = 1550. P01–P09 O/E 1500/1550 = 0.9677; P10 2000/1550 = 1.2903.
    // Σ dev² = 45 × (0.354839² + 0.290323²) + 5 × (0.032258² + 0.612903²) = 11.34235; v = 11.34235 / 99 = 0.114569;
    // se = √(v/10) = 0.107037. z: P01–P09 −0.3014, P10 2.7124. The 90th percentile of the ten is 0.9 of the way
    // from the ninth (−0.3014) to P10's, so P10's z is cut to ≈ 0: φ = 9 × 0.3014² / 10 = 0.0817, no overdispersion.
    // Limits 1 ± z × 0.107037: 95% ± 0.2098, 99.8% ± 0.3308; P10 is above 95%, inside 99.8%.
    const limits = { l95: 0.7902, u95: 1.2098, l998: 0.6692, u998: 1.3308, limits_method: 'normal', phi: 1 };
    expect(rows).toEqual([
      { p: 'P01', oe: 0.9677, z: -0.3014, ...limits, outlier: 'within' },
      { p: 'P10', oe: 1.2903, z: 2.7124, ...limits, outlier: 'above_95' },
    ]);
  });
});

describe('small-number suppression', () => {
  beforeEach(async () => {
    await episodes('A', Array(5).fill(900)); // n = 5: suppressed
    await episodes('B', Array(9).fill(1100));
    await episodes('C', Array(30).fill(1200));
  });

  it('hides counts 1–7 in variation', async () => {
    await compare(db);
    const a = await db.one<Record<string, unknown>>(`select n_episodes, observed_mean_gbp, oe_ratio, z_score, overdispersion, opportunity_gbp, suppressed from variation where provider_code = 'A' and basis = 'actual' and view = 'raw'`);
    expect(a).toEqual({ n_episodes: null, observed_mean_gbp: null, oe_ratio: null, z_score: null, overdispersion: null, opportunity_gbp: null, suppressed: true });
  });

  it('suppresses a second provider when the ICB total would reveal the first', async () => {
    await buildSummary(db, 8);
    const rows = await db.all<{ p: string; n: number | null; total: number | null; suppressed: boolean }>(
      `select provider_code p, n_episodes::int n, total_gbp::double total, suppressed from pathway_summary
       where month = '2024-06' and step = 'all' and setting = 'all' and basis = 'actual' order by p`);
    // ICB = 44 episodes, £4,500 + £9,900 + £36,000 = £50,400. With only A hidden, ICB − B − C would give A's £4,500;
    // so the next smallest provider (B, n = 9) is hidden too.
    expect(rows).toEqual([
      { p: 'A', n: null, total: null, suppressed: true },
      { p: 'B', n: null, total: null, suppressed: true },
      { p: 'C', n: 30, total: 36000, suppressed: false },
      { p: 'ICB', n: 44, total: 50400, suppressed: false },
    ]);
  });
});
