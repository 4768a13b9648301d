// Histogram of episode cost. Edges come from the ICB-wide 2nd and 98th percentiles rounded out to a round
// width (1, 2 or 5 × 10^k), with open end bins, so no edge is any one patient's cost and providers share bins.
// Bins are then merged (engine/disclosure/bins.ts) until no bin of the ICB or of any provider shown for the same
// month holds fewer episodes than the build's threshold; providers hidden in pathway_summary get no bins.
import { mergeBins } from '../../engine/disclosure/bins.ts';
import { isSmallCount } from '../../schemas/disclosure.ts';
import type { Distribution, DistributionQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';

/**
 * Bins between the two end bins, before merging. Fixed: every answer for a pathway, month and basis has the same
 * edges, so no two answers can be subtracted edge by edge.
 */
export const HISTOGRAM_BINS = 20;

const EPISODES = `
  select anchor_provider_code as provider_code,
    (case $basis when 'standardised' then standardised_cost_gbp when 'condition' then condition_cost_gbp
      when 'overhead_standardised' then overhead_standardised_cost_gbp when 'mff_neutral' then mff_neutral_cost_gbp else total_cost_gbp end)::double as cost
  from episode
  where pathway_id = $pathway and ($month is null or month = $month)`;

const EDGES = `
with ep as (${EPISODES})
select count(*)::integer as n, quantile_cont(cost, 0.02) as lo, quantile_cont(cost, 0.98) as hi from ep`;

const BINS = `
with ep as (${EPISODES})
select provider_code, least(greatest(floor((round(cost * 100) - $start_pence) / $width_pence), -1), $bins)::integer as bin, count(*)::integer as n
from ep group by all`;

/** Providers (and the ICB) whose all-steps row pathway_summary shows for this month. */
const SHOWN = `
select provider_code from pathway_summary
where pathway_id = $pathway and month = coalesce($month, 'all') and step = 'all' and setting = 'all' and basis = 'actual'
  and not suppressed`;

/**
 * A round bin width in pence: 1, 2 or 5 × 10^k, never below a penny. Edges are counted in whole pence (as costs
 * are), so an edge is exact and a cost on it falls in the bin it opens: in pounds, 6 × 0.05 = 0.30000000000000004
 * put costs of 30p in the bin below, and episodes of a penny each got a width of 0.00009999999999999999.
 */
export function roundWidthPence(rawGbp: number): number {
  const raw = rawGbp * 100;
  if (!(raw > 0)) return 100;
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return magnitude * ([1, 2, 5].find((m) => raw <= m * magnitude) ?? 10);
}

export async function episodeCostDistribution(db: ReadDb, q: DistributionQuery, minShown: number): Promise<Distribution> {
  const month = q.month === 'all' ? null : (q.month ?? null);
  const base = { pathway: q.pathway, month, basis: q.basis };
  const who = q.provider ?? 'ICB';
  const head = { pathway_id: q.pathway, provider_code: who, basis: q.basis };
  const [edges] = await db.all<{ n: number; lo: number | null; hi: number | null }>(EDGES, base);
  const shown = new Set((await db.all<{ provider_code: string }>(SHOWN, { pathway: q.pathway, month })).map((r) => r.provider_code));
  if (edges.n === 0) return { ...head, n_episodes: 0, suppressed: false, bin_width_gbp: null, bins: [] };
  if (!shown.has(who) || isSmallCount(edges.n, minShown)) return { ...head, n_episodes: null, suppressed: true, bin_width_gbp: null, bins: [] };

  // When (nearly) all episodes cost the same, spread the bins over ±10% of it rather than over pennies.
  const width = roundWidthPence(Math.max(edges.hi! - edges.lo!, 0.1 * Math.abs(edges.hi!)) / HISTOGRAM_BINS);
  const start = Math.floor((edges.lo! * 100) / width) * width;
  const gbp = (pence: number) => pence / 100;
  const counts = await db.all<{ provider_code: string; bin: number; n: number }>(BINS, { ...base, start_pence: start, width_pence: width, bins: HISTOGRAM_BINS });
  // Fine bin i holds bin i − 1: bin −1 is costs below `start`, bin HISTOGRAM_BINS those from start + bins × width up.
  const fine = (codes: Set<string> | null) => {
    const row = new Array<number>(HISTOGRAM_BINS + 2).fill(0);
    for (const c of counts) if (!codes || codes.has(c.provider_code)) row[c.bin + 1] += c.n;
    return row;
  };
  const byProvider = new Map([...shown].filter((p) => p !== 'ICB').map((p) => [p, fine(new Set([p]))] as const)
    .filter(([, row]) => !isSmallCount(row.reduce((x, y) => x + y, 0), minShown)));
  const icb = fine(null);
  if (who !== 'ICB' && !byProvider.has(who)) return { ...head, n_episodes: null, suppressed: true, bin_width_gbp: null, bins: [] };
  const mine = who === 'ICB' ? icb : byProvider.get(who)!;
  const series = [icb, ...byProvider.values()];
  const bins = mergeBins(series, minShown).map(({ first, last }) => ({
    lower_gbp: first === 0 ? null : gbp(start + (first - 1) * width),
    upper_gbp: last === HISTOGRAM_BINS + 1 ? null : gbp(start + last * width),
    n_episodes: mine.slice(first, last + 1).reduce((a, b) => a + b, 0),
    suppressed: false,
  }));
  return { ...head, n_episodes: mine.reduce((a, b) => a + b, 0), suppressed: false, bin_width_gbp: gbp(width), bins };
}
