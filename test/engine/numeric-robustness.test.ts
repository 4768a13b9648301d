// Numeric robustness (issue 16): one outlier must not fail the monthly build. For each case of extreme but
// possible values (costs of 0, a penny and the absurd-value cap; 20,000 capped rows in one episode; providers
// 1000× and 1/1000× the others; one provider; one episode; identical costs; an ICB overhead rate of 1; a blank
// PLICS component) stages 5–7 and the API's step and distribution reads run without error, publish no NaN or
// infinity, and give the values worked out in test/helpers/extreme-cases.ts from the inserted numbers.
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../../schemas/disclosure.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { episodeCostDistribution } from '../../api/repositories/distribution.ts';
import { listSteps } from '../../api/repositories/steps.ts';
import { Db } from '../../engine/db.ts';
import { computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { OUTPUT_TABLES } from '../../schemas/tables/index.ts';
import { quoteIdent } from '../../schemas/define.ts';
import { createFixtureTables, pathwayInputs } from '../helpers/activity-fixture.ts';
import {
  type EpisodeCosts, type ExtremeCase, NAMED_CASES, episodeCosts, insertCase, meanGbp, providerVariation, quantile, randomCases, round, winsorise,
} from '../helpers/extreme-cases.ts';

const PATHWAY = 'knee-replacement';
const CASES = [...NAMED_CASES, ...randomCases(16, 6)];
const BASES = ['actual', 'condition', 'standardised', 'overhead_standardised'] as const;
/** Percentiles interpolate in DECIMAL(·,2) and drop the part below a penny. */
const PENNY = 0.01 + 1e-9;

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
});
afterEach(() => db.close());

async function build(c: ExtremeCase): Promise<EpisodeCosts[]> {
  await insertCase(db, c);
  // Threshold 0: nothing is suppressed, so every statistic can be checked.
  await computePathways(db, await loadPathways(undefined, [PATHWAY]), await pathwayInputs(db), { coverageEnd: '2025-03-31', suppressionThreshold: 0 });
  const costs = episodeCosts(c);
  expect(await db.one<{ n: number }>(`select count(*)::int n from episode`)).toEqual({ n: c.episodes.length });
  return costs;
}

/** |actual − expected| ≤ tolerance, or both null. */
function near(actual: number | null, expected: number | null, tolerance: number, what: string): void {
  if (expected === null || actual === null) expect({ what, actual }).toEqual({ what, actual: expected });
  else expect({ what, ok: Math.abs(actual - expected) <= tolerance, actual }).toEqual({ what, ok: true, actual });
}

async function checkEpisodes(costs: EpisodeCosts[]): Promise<void> {
  const rows = await db.all<Record<string, number> & { anchor: string }>(
    `select anchor_source_id anchor, total_cost_gbp::double actual, condition_cost_gbp::double condition, standardised_cost_gbp::double standardised,
       overhead_standardised_cost_gbp::double overhead_standardised from episode`);
  for (const row of rows) {
    const e = costs[Number(row.anchor.slice(1))]; // anchor S<i> is episode i
    for (const basis of BASES) near(row[basis], e[basis], basis === 'overhead_standardised' ? PENNY : 0, `episode ${row.anchor} ${basis}`);
  }
  // Resources and steps add up to the episode total, to the penny.
  const { mismatches } = await db.one<{ mismatches: number }>(`select count(*)::int mismatches from episode e
    left join (select episode_id, sum(cost_gbp) c, sum(standardised_cost_gbp) s from episode_step_cost group by 1) s using (episode_id)
    where coalesce(s.c, 0) <> e.total_cost_gbp or coalesce(s.s, 0) <> e.standardised_cost_gbp`);
  expect(mismatches).toBe(0);
}

async function checkVariation(costs: EpisodeCosts[]): Promise<void> {
  for (const basis of BASES) {
    const want = providerVariation(costs.map((e) => ({ provider: e.provider, cost: e[basis] })));
    const got = await db.all<Record<string, number | null> & { provider_code: string; outlier: string | null }>(
      `select provider_code, n_episodes::int n, observed_mean_gbp::double observed, expected_mean_gbp::double expected, oe_ratio oe, lower_95, upper_998, outlier
       from variation where view = 'raw' and basis = $basis order by provider_code`, { basis });
    expect(got.map((r) => r.provider_code)).toEqual(want.map((w) => w.provider));
    for (const [i, w] of want.entries()) {
      const r = got[i];
      const what = `${basis} ${w.provider}`;
      expect({ what, n: r.n }).toEqual({ what, n: w.n });
      expect({ what, observed: r.observed }).toEqual({ what, observed: w.observed });
      near(r.expected, w.expected, 0.005 + 1e-9, `${what} expected`);
      near(r.oe, w.oe, 1.5e-4, `${what} O/E`);
      near(r.lower_95, w.lower_95, 1.5e-4, `${what} lower 95%`);
      near(r.upper_998, w.upper_998, 1.5e-4, `${what} upper 99.8%`);
      // No comparison, no position: O/E without an expected cost, or limits without a spread.
      if (w.oe === null || w.lower_95 === null) expect({ what, outlier: r.outlier }).toEqual({ what, outlier: null });
    }
    const capped = winsorise(costs.map((e) => e[basis]));
    for (const w of want) {
      const mine = capped.filter((_, i) => costs[i].provider === w.provider);
      const r = await db.one<{ observed: number }>(`select observed_mean_gbp::double observed from variation where view = 'winsorised' and basis = $basis and provider_code = $p`, { basis, p: w.provider });
      near(r.observed, meanGbp(mine), PENNY + 0.005, `${basis} ${w.provider} winsorised observed`);
    }
  }
}

async function checkSummary(costs: EpisodeCosts[]): Promise<void> {
  for (const basis of ['actual', 'condition', 'standardised'] as const) {
    for (const provider of ['ICB', ...new Set(costs.map((e) => e.provider))]) {
      const mine = costs.filter((e) => provider === 'ICB' || e.provider === provider).map((e) => e[basis]);
      const r = await db.one<Record<string, number>>(
        `select n_episodes::int n, total_gbp::double total, mean_gbp::double mean, p10_gbp::double p10, median_gbp::double median, p90_gbp::double p90
         from pathway_summary where provider_code = $p and month = 'all' and step = 'all' and setting = 'all' and basis = $basis`, { p: provider, basis });
      const what = `summary ${basis} ${provider}`;
      const total = mine.reduce((s, v) => s + Math.round(v * 100), 0) / 100;
      expect({ what, n: r.n, total: r.total }).toEqual({ what, n: mine.length, total });
      expect({ what, mean: r.mean }).toEqual({ what, mean: meanGbp(mine) });
      near(r.p10, quantile(mine, 0.1), PENNY, `${what} p10`);
      near(r.median, quantile(mine, 0.5), PENNY, `${what} median`);
      near(r.p90, quantile(mine, 0.9), PENNY, `${what} p90`);
    }
  }
}

/** Every DOUBLE column of every published table is finite (money columns are DECIMAL and cannot hold NaN). */
async function checkFinite(): Promise<void> {
  for (const spec of OUTPUT_TABLES) {
    const doubles = Object.entries(spec.columns).filter(([, c]) => c.kind === 'decimal').map(([name]) => quoteIdent(name));
    const { n } = await db.one<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name = $name`, { name: spec.name });
    if (doubles.length === 0 || n === 0) continue;
    const bad = doubles.map((c) => `count(*) filter (where isnan(${c}) or isinf(${c}))`).join(' + ');
    expect({ table: spec.name, ...(await db.one<{ bad: number }>(`select (${bad})::int bad from ${quoteIdent(spec.name)}`)) }).toEqual({ table: spec.name, bad: 0 });
  }
}

/** The API's histogram: every episode in exactly one bin, edges finite and in whole pence. */
async function checkDistribution(costs: EpisodeCosts[]): Promise<void> {
  const session = await db.connect();
  try {
    for (const provider of [undefined, ...new Set(costs.map((e) => e.provider))]) {
      const mine = costs.filter((e) => !provider || e.provider === provider).map((e) => e.actual);
      const d = await episodeCostDistribution(session, { pathway: PATHWAY, provider, basis: 'actual' }, DEFAULT_SUPPRESSION_THRESHOLD);
      if (d.suppressed || d.bins.length === 0) continue;
      const what = `distribution ${provider ?? 'ICB'}`;
      expect({ what, width: Number.isFinite(d.bin_width_gbp) && d.bin_width_gbp! >= 0.01 }).toEqual({ what, width: true });
      for (const b of d.bins) {
        for (const edge of [b.lower_gbp, b.upper_gbp]) if (edge !== null) expect({ what, edge, pence: Number.isInteger(round(edge * 100, 6)) && Number.isFinite(edge) }).toEqual({ what, edge, pence: true });
        // Edges read as pounds and pence: [0.40, 0.60) holds 0.59 and not 0.60.
        const [lower, upper] = [b.lower_gbp, b.upper_gbp].map((x) => (x === null ? null : round(x, 2)));
        const inBin = mine.filter((c) => (lower === null || c >= lower) && (upper === null || c < upper)).length;
        if (!b.suppressed) expect({ what, lower: b.lower_gbp, n: b.n_episodes }).toEqual({ what, lower: b.lower_gbp, n: inBin });
      }
      // Identical costs belong to a closed bin, never to an open end bin (unless a small end bin was merged into it).
      if (new Set(mine).size === 1 && d.bins.length === 20 + 2) {
        const holding = d.bins.find((b) => (b.lower_gbp === null || mine[0] >= b.lower_gbp) && (b.upper_gbp === null || mine[0] < b.upper_gbp))!;
        expect({ what, lower: holding.lower_gbp === null, upper: holding.upper_gbp === null }).toEqual({ what, lower: false, upper: false });
      }
    }
    const steps = await listSteps(session, { pathway: PATHWAY, basis: 'actual', relevance: 'all', limit: 1000, offset: 0, provider: 'ICB' }, DEFAULT_SUPPRESSION_THRESHOLD);
    const surgery = steps.items.find((s) => s.step === 'surgery')!;
    const anchors = costs.reduce((s, e) => s + Math.round(e.condition * 100), 0) / 100;
    if (!surgery.suppressed) {
      expect({ total: surgery.total_gbp, mean: surgery.mean_per_episode_gbp }).toEqual({ total: anchors, mean: round(anchors / costs.length, 2) });
    }
  } finally {
    session.close();
  }
}

describe('every published statistic at the extremes', () => {
  it.each(CASES)('$name', async (c) => {
    const costs = await build(c);
    await checkEpisodes(costs);
    await checkVariation(costs);
    await checkSummary(costs);
    await checkFinite();
    await checkDistribution(costs);
  });
});
