// Fair comparison (issue 6): O/E, funnel limits and opportunity on a three-provider fixture worked by hand,
// and small-number suppression including the secondary suppression that protects a total.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTableSql } from '../../schemas/define.ts';
import { Episode, EpisodeStepCost, PathwaySummary, Variation } from '../../schemas/tables/index.ts';
import { Db } from '../../engine/db.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { type Target, buildVariation } from '../../engine/stages/07-aggregate/variation.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  for (const spec of [Episode, EpisodeStepCost, PathwaySummary, Variation]) await db.run(createTableSql(spec));
});
afterEach(() => db.close());

/** Episodes of one case-mix cell (so expected = ICB mean for all), cost on every basis alike. */
async function episodes(provider: string, costs: number[]): Promise<void> {
  for (const [i, cost] of costs.entries()) {
    const id = `${provider}-${i}`;
    await db.run(
      `insert into episode by name select $id as episode_id, 'knee' as pathway_id, $id as patient_id, $id as anchor_source_id, $p as anchor_provider_code,
         date '2024-06-01' as anchor_start, date '2024-06-04' as anchor_end, date '2023-06-02' as window_start, date '2024-08-31' as window_end, '2024-06' as month,
         3 as los_days, '65-74' as age_band, '2' as sex, 3 as imd_quintile, 'E' as complication_band, 'complete' as status,
         $c::decimal(18,2) as total_cost_gbp, $c::decimal(18,2) as condition_cost_gbp, $c::decimal(18,2) as standardised_cost_gbp, $c::decimal(18,2) as overhead_standardised_cost_gbp, $c::decimal(18,2) as mff_neutral_cost_gbp`,
      { id, p: provider, c: cost },
    );
    await db.run(
      `insert into episode_step_cost by name select $id as episode_id, 'knee' as pathway_id, 'surgery' as step, 'acute' as setting, $p as provider_code, 'total' as resource,
         'plics_actual' as cost_basis, true as condition_related, $c::decimal(18,2) as cost_gbp, $c::decimal(18,2) as standardised_cost_gbp, 3 as units, 'bed_days' as unit, 1 as activities`,
      { id, p: provider, c: cost },
    );
  }
}

/** Variation takes its hidden providers from the summary's disclosure cells, so the summary comes first. */
async function compare(target?: Target): Promise<void> {
  await buildSummary(db, 8);
  await buildVariation(db, { target });
}

describe('variation, three providers worked by hand', () => {
  beforeEach(async () => {
    await episodes('P1', Array(10).fill(1000));
    await episodes('P2', Array(10).fill(1500));
    await episodes('P3', [...Array(5).fill(1800), ...Array(5).fill(2200)]);
  });

  it('computes O/E against the ICB mean and funnel limits', async () => {
    await compare();
    const rows = await db.all<Record<string, number | string>>(
      `select provider_code, n_episodes::int n, observed_mean_gbp::double obs, expected_mean_gbp::double e, oe_ratio::double oe, lower_95::double l95, upper_95::double u95,
         lower_998::double l998, upper_998::double u998, outlier, opportunity_gbp::double opp
       from variation where basis = 'actual' and view = 'raw' order by provider_code`);
    // ICB mean = (10×1000 + 10×1500 + 5×1800 + 5×2200) / 30 = 1500: the expected cost of every episode.
    // O/E per episode: P1 2/3, P2 1, P3 1.2 and 1.4667; mean 1; Σ(dev²) = 10/9 + 5×0.04 + 5×(0.4667)² = 2.4;
    // sd = √(2.4/29) = 0.287678; at n = 10: 95% ± 1.959964 × 0.287678/√10 = ± 0.1783; 99.8% ± 3.090232 × … = ± 0.2811.
    expect(rows).toEqual([
      { provider_code: 'P1', n: 10, obs: 1000, e: 1500, oe: 0.6667, l95: 0.8217, u95: 1.1783, l998: 0.7189, u998: 1.2811, outlier: 'below_998', opp: 0 },
      { provider_code: 'P2', n: 10, obs: 1500, e: 1500, oe: 1, l95: 0.8217, u95: 1.1783, l998: 0.7189, u998: 1.2811, outlier: 'within', opp: 0 },
      // Opportunity to the median of adjusted means (1000, 1500, 2000 → 1500): only P3, (2000 − 1500) × 10.
      { provider_code: 'P3', n: 10, obs: 2000, e: 1500, oe: 1.3333, l95: 0.8217, u95: 1.1783, l998: 0.7189, u998: 1.2811, outlier: 'above_998', opp: 5000 },
    ]);
  });

  it('counts opportunity only above a lower-quartile target, never to the best', async () => {
    await compare('lower_quartile');
    const rows = await db.all<{ p: string; opp: number; t: number }>(
      `select provider_code p, opportunity_gbp::double opp, target_gbp::double t from variation where basis = 'actual' and view = 'raw' order by p`);
    // Lower quartile of (1000, 1500, 2000) = 1250: P2 (1500 − 1250) × 10 = 2500; P3 (2000 − 1250) × 10 = 7500.
    expect(rows).toEqual([{ p: 'P1', opp: 0, t: 1250 }, { p: 'P2', opp: 2500, t: 1250 }, { p: 'P3', opp: 7500, t: 1250 }]);
  });
});

describe('small-number suppression', () => {
  beforeEach(async () => {
    await episodes('A', Array(5).fill(900)); // n = 5: suppressed
    await episodes('B', Array(9).fill(1100));
    await episodes('C', Array(30).fill(1200));
  });

  it('hides counts 1–7 in variation', async () => {
    await compare();
    const a = await db.one<Record<string, unknown>>(`select n_episodes, observed_mean_gbp, oe_ratio, opportunity_gbp, suppressed from variation where provider_code = 'A' and basis = 'actual' and view = 'raw'`);
    expect(a).toEqual({ n_episodes: null, observed_mean_gbp: null, oe_ratio: null, opportunity_gbp: null, suppressed: true });
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
