// variation: providers compared on case-mix adjusted episode cost (DESIGN §1, §6).
// Expected cost is by indirect standardisation: each episode's expected cost is the ICB mean of its case-mix
// cell (age band × sex × complication band × IMD quintile); cells with fewer than MIN_CELL episodes are
// pooled into their complication band (then the pathway mean). O/E has funnel limits from the normal
// approximation: O/E ± z × sd_ratio / √n, with sd_ratio the pathway's coefficient of variation of
// observed/expected per episode. Opportunity is (adjusted mean − target) × n for providers above the target only,
// where adjusted mean = O/E × ICB mean (the provider's cost at the ICB's case mix). Which providers are hidden
// comes from pathway_summary's disclosure cells (summary_cells: build the summary first), so a provider hidden
// there is hidden here.
// Sums run over DECIMALs (exact), never over doubles: a parallel sum of doubles depends on the order the
// threads combine it in, and a mean landing on a half penny then rounded either way from one run to the next.
// The DECIMALs are 38 digits wide: DuckDB keeps the product of two DECIMAL(18, 8) values at 18 digits
// (DECIMAL(18, 16), below 100), so one episode at 10× its expected cost overflowed the squared ratio and failed
// the whole build.
import type { ComparisonBasis } from '../../../schemas/tables/variation.ts';
import type { Db } from '../../db.ts';

export const MIN_CELL = 10;
export const TARGETS = ['median', 'lower_quartile', 'mean'] as const;
export type Target = (typeof TARGETS)[number];

export interface VariationOptions {
  target?: Target;
}

// condition: condition-related actual cost only — the part of the episode the pathway's providers act on,
// without the noise of unrelated care that happens to fall in the window.
const BASES: Record<ComparisonBasis, string> = { actual: 'total_cost_gbp', condition: 'condition_cost_gbp', standardised: 'standardised_cost_gbp', overhead_standardised: 'overhead_standardised_cost_gbp', mff_neutral: 'mff_neutral_cost_gbp' };

export async function buildVariation(db: Db, options: VariationOptions): Promise<void> {
  const target = options.target ?? 'median';
  const costs = Object.entries(BASES).map(([basis, column]) => `select episode_id, pathway_id, anchor_provider_code, age_band, sex, complication_band, imd_quintile, month, '${basis}' as basis, ${column}::decimal(18, 2) as cost from episode`);
  await db.run(
    `
insert into variation by name
with long as (${costs.join(' union all ')}
), bounds as (
  -- Winsorised view: episode cost capped at the 1st/99th percentile per pathway, basis and year (to the penny).
  select pathway_id, basis, left(month, 4) as year, round(quantile_cont(cost, 0.01), 2) as lo, round(quantile_cont(cost, 0.99), 2) as hi
  from long group by all
), views as (
  select l.*, 'raw' as view, cost as c from long l
  union all
  select l.*, 'winsorised', least(greatest(cost, b.lo), b.hi)::decimal(18, 2) from long l join bounds b on b.pathway_id = l.pathway_id and b.basis = l.basis and b.year = left(l.month, 4)
), cell as (
  select pathway_id, basis, view, age_band, sex, complication_band, imd_quintile, avg(c) as cell_mean, count(*) as cell_n from views group by all
), band as (
  select pathway_id, basis, view, complication_band, avg(c) as band_mean, count(*) as band_n from views group by all
), overall as (
  select pathway_id, basis, view, avg(c) as pathway_mean from views group by all
), expected as (
  select v.*, (case when cell.cell_n >= ${MIN_CELL} then cell.cell_mean when band.band_n >= ${MIN_CELL} then band.band_mean else o.pathway_mean end)::decimal(38, 6) as e
  from views v
  join cell using (pathway_id, basis, view, age_band, sex, complication_band, imd_quintile)
  join band using (pathway_id, basis, view, complication_band)
  join overall o using (pathway_id, basis, view)
), ratios as (
  select pathway_id, basis, view, (c / nullif(e, 0))::decimal(38, 8) as x from expected
), dispersion as (
  -- sample standard deviation from exact sums (stddev_samp over doubles is order-dependent); none from fewer
  -- than two ratios (x is null where the expected cost is 0)
  select pathway_id, basis, view,
    case when count(x) > 1 then sqrt(greatest(sum(x * x)::double - sum(x)::double ^ 2 / count(x), 0) / (count(x) - 1)) end as sd_ratio
  from ratios group by all
), providers as (
  select pathway_id, basis, view, anchor_provider_code as provider_code, count(*) as n, avg(c) as observed, avg(e) as expected_mean,
    sum(c) / nullif(sum(e), 0) as oe
  from expected group by all
), adjusted as (
  -- Case-mix adjusted mean: what the provider's O/E means at the ICB's own case mix.
  select p.*, p.oe * o.pathway_mean as adjusted_mean from providers p join overall o using (pathway_id, basis, view)
), shown as (
  -- A provider hidden in pathway_summary (primary or complementary) is hidden here too: its n × mean is its total.
  select a.*, h.hide from adjusted a
  join summary_cells h on h.pathway_id = a.pathway_id and h.provider_code = a.provider_code and h.month = 'all' and h.step = 'all' and h.setting = 'all'
), targets as (
  -- Over shown providers only: a target over all of them would give a lone hidden provider's adjusted mean away.
  select pathway_id, basis, view,
    case $target when 'median' then median(adjusted_mean) when 'lower_quartile' then quantile_cont(adjusted_mean, 0.25) else avg(adjusted_mean::decimal(38, 6)) end as target_gbp
  from shown where not hide group by all
)
select p.pathway_id, p.provider_code, p.basis, p.view,
  p.hide as suppressed,
  case when not p.hide then p.n end as n_episodes,
  case when not p.hide then round(p.observed, 2) end as observed_mean_gbp,
  case when not p.hide then round(p.expected_mean, 2) end as expected_mean_gbp,
  case when not p.hide then round(p.oe, 4) end as oe_ratio,
  case when not p.hide then round(1 - 1.959964 * d.sd_ratio / sqrt(p.n), 4) end as lower_95,
  case when not p.hide then round(1 + 1.959964 * d.sd_ratio / sqrt(p.n), 4) end as upper_95,
  case when not p.hide then round(1 - 3.090232 * d.sd_ratio / sqrt(p.n), 4) end as lower_998,
  case when not p.hide then round(1 + 3.090232 * d.sd_ratio / sqrt(p.n), 4) end as upper_998,
  case when p.hide then null
    when p.oe is null or d.sd_ratio is null then null
    when p.oe > 1 + 3.090232 * d.sd_ratio / sqrt(p.n) then 'above_998'
    when p.oe > 1 + 1.959964 * d.sd_ratio / sqrt(p.n) then 'above_95'
    when p.oe < 1 - 3.090232 * d.sd_ratio / sqrt(p.n) then 'below_998'
    when p.oe < 1 - 1.959964 * d.sd_ratio / sqrt(p.n) then 'below_95'
    else 'within' end as outlier,
  $target as target,
  -- Only providers above the target contribute, and only down to the target: never "everyone reaches the best".
  case when not p.hide then round(p.adjusted_mean, 2) end as adjusted_mean_gbp,
  case when not p.hide then round(t.target_gbp, 2) end as target_gbp,
  case when not p.hide then round(greatest(p.adjusted_mean - t.target_gbp, 0) * p.n, 2) end as opportunity_gbp
from shown p join dispersion d using (pathway_id, basis, view) left join targets t using (pathway_id, basis, view)`,
    { target },
  );
}
