// Histogram of episode cost. Edges come from the ICB-wide 2nd and 98th percentiles rounded out to a round
// width (1, 2 or 5 × 10^k), with open end bins, so no edge is any one patient's cost and providers share bins.
import type { Distribution, DistributionQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { MIN_SHOWN, opt } from './sql.ts';
import { suppressComplementary } from './suppression.ts';

const EPISODES = `
  select anchor_provider_code as provider_code,
    (case $basis when 'standardised' then standardised_cost_gbp when 'condition' then condition_cost_gbp else total_cost_gbp end)::double as cost
  from episode
  where pathway_id = $pathway and ($month is null or $month = 'all' or month = $month)`;

const EDGES = `
with ep as (${EPISODES})
select count(*)::integer as n, quantile_cont(cost, 0.02) as lo, quantile_cont(cost, 0.98) as hi from ep`;

const BINS = `
with ep as (${EPISODES})
select least(greatest(floor((round(cost * 100) - $start_pence) / $width_pence), -1), $bins)::integer as bin, count(*)::integer as n
from ep
where ($provider is null or provider_code = $provider)
group by all
order by bin`;

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

const small = (n: number) => n >= 1 && n < MIN_SHOWN;

export async function episodeCostDistribution(db: ReadDb, q: DistributionQuery): Promise<Distribution> {
  const base = { pathway: q.pathway, month: opt(q.month), basis: q.basis };
  const [edges] = await db.all<{ n: number; lo: number | null; hi: number | null }>(EDGES, base);
  const head = { pathway_id: q.pathway, provider_code: q.provider ?? 'ICB', basis: q.basis };
  if (edges.n === 0 || small(edges.n)) return { ...head, n_episodes: small(edges.n) ? null : 0, suppressed: small(edges.n), bin_width_gbp: null, bins: [] };

  // When (nearly) all episodes cost the same, spread the bins over ±10% of it rather than over pennies.
  const width = roundWidthPence(Math.max(edges.hi! - edges.lo!, 0.1 * Math.abs(edges.hi!)) / q.bins);
  const start = Math.floor((edges.lo! * 100) / width) * width;
  const counts = new Map((await db.all<{ bin: number; n: number }>(BINS, { ...base, provider: opt(q.provider), start_pence: start, width_pence: width, bins: q.bins })).map((r) => [r.bin, r.n]));
  const gbp = (pence: number) => pence / 100;
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  if (small(n)) return { ...head, n_episodes: null, suppressed: true, bin_width_gbp: gbp(width), bins: [] };

  // Bin -1 holds costs below `start`, bin q.bins those from start + bins × width up.
  const cells = Array.from({ length: q.bins + 2 }, (_, i) => {
    const bin = i - 1;
    const count = counts.get(bin) ?? 0;
    return { row: 'bins', col: String(bin), bin, n: count, total: count, hide: small(count) };
  });
  suppressComplementary(cells, 'none');
  const bins = cells.map((c) => ({
    lower_gbp: c.bin < 0 ? null : gbp(start + c.bin * width),
    upper_gbp: c.bin >= q.bins ? null : gbp(start + (c.bin + 1) * width),
    n_episodes: c.hide ? null : c.n,
    suppressed: c.hide,
  }));
  return { ...head, n_episodes: n, suppressed: false, bin_width_gbp: gbp(width), bins };
}
