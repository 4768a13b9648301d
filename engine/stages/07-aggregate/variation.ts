// variation: providers compared on case-mix adjusted episode cost (DESIGN §1, §6).
// The compared episodes (comparison-episodes.ts) leave out provisional, died-in-window and same-spell bilateral
// episodes by default, with their counts published (comparison_exclusion); every £ is at one price year. Each
// episode's expected cost is its cell's from the ICB's own model (casemix-model.ts: a gamma GLM, or strata when
// it cannot be fitted). O/E = Σ observed / Σ expected; under the model its standard error is √(v Σe²) / Σe, with
// v the variance of observed/expected per episode about 1 (on the fit's residual degrees of freedom). The funnel
// limits are 1 ± z·√φ·se, never below 0, where φ is Spiegelhalter's (2005) multiplicative overdispersion: the mean
// square of the shown providers' z-scores, winsorised at their 10th and 90th percentiles, used only when the
// χ² test on k·φ (χ²_k without overdispersion; its 95% point by Wilson–Hilferty) finds overdispersion, and only
// from OVERDISPERSION_MIN_PROVIDERS shown providers: with fewer, winsorising trims no one and a single outlier
// (the provider the comparison is for) sets φ and hides itself. Opportunity is (adjusted mean − target) × n for
// providers above the target (opportunity.ts), where adjusted mean = O/E × ICB mean. Which providers are hidden
// comes from comparison_cells (pathway_summary's hidden providers, small compared counts and their complements).
// Sums run over DECIMALs (exact), never over doubles: a parallel sum of doubles depends on the order the threads
// combine it in, and a mean landing on a half penny then rounded either way from one run to the next. The
// DECIMALs are 38 digits wide: DuckDB keeps the product of two DECIMAL(18, 8) values at 18 digits, so one episode
// at 10× its expected cost overflowed the squared ratio and failed the whole build.
import { type ComparisonExclusions, type ComparisonTarget, DEFAULT_COMPARISON_EXCLUSIONS, DEFAULT_TARGET, OVERDISPERSION_MIN_PROVIDERS } from '../../../schemas/tables/variation.ts';
import type { Db } from '../../db.ts';
import { discloseComparison } from '../../disclosure/comparison-cells.ts';
import { fitExpectedCost } from './casemix-model.ts';
import { selectComparedEpisodes } from './comparison-episodes.ts';
import { opportunitySql, targetParams, targetSql } from './opportunity.ts';

export interface VariationOptions {
  /** Smallest count published. */
  threshold: number;
  target?: ComparisonTarget;
  exclusions?: ComparisonExclusions;
  /** The build's --price-year, when it restated every price. */
  priceYear?: string;
}

/** Reads episode and summary_cells (build the summary first); writes variation, casemix_model and comparison_exclusion. */
export async function buildVariation(db: Db, options: VariationOptions): Promise<void> {
  const exclusions = options.exclusions ?? DEFAULT_COMPARISON_EXCLUSIONS;
  const priceYear = await selectComparedEpisodes(db, { exclusions, priceYear: options.priceYear });
  await discloseComparison(db, options.threshold, ['compared', ...(exclusions.provisional ? ['provisional'] : []), ...exclusions.flags]);
  await db.run(`
insert into comparison_exclusion by name
select pathway_id, population as reason, case when not hide then size end as n_episodes, hide as suppressed
from comparison_cells where provider_code = 'ICB' and population <> 'all'`);
  await fitExpectedCost(db, { threshold: options.threshold, priceYear });
  await db.run(VARIATION_SQL, { ...targetParams(options.target ?? DEFAULT_TARGET), price_year: priceYear });
  // an episode × basis × view row each (1.4M in a 1M library build): nothing later reads them
  await db.run('drop table compared_cost');
  await db.run('drop table compared_episode');
}

const Z95 = 1.959964;
const Z998 = 3.090232;
/** Upper 5% point of χ²_k (Wilson–Hilferty). */
const chiSquared95 = (k: string) => `${k} * power(1 - 2 / (9 * ${k}) + 1.644854 * sqrt(2 / (9 * ${k})), 3)`;

const VARIATION_SQL = `
insert into variation by name
with episodes as (
  select c.pathway_id, c.basis, c.view, c.provider_code, c.c, x.expected as e,
    ((c.c / nullif(x.expected, 0))::decimal(38, 8) - 1)::decimal(38, 8) as deviation
  from compared_cost c join comparison_expected x using (pathway_id, basis, view, cell_id)
), fits as (
  select e.pathway_id, e.basis, e.view, f.method, sum(e.c) / count(*) as pathway_mean,
    case when count(e.deviation) > f.n_parameters then sum(e.deviation * e.deviation)::double / (count(e.deviation) - f.n_parameters) end as v
  from episodes e join comparison_fit f using (pathway_id, basis, view) group by e.pathway_id, e.basis, e.view, f.method, f.n_parameters
), providers as (
  select pathway_id, basis, view, provider_code, count(*) as n, sum(c) as observed, sum(e) as expected, sum(e * e) as expected_squares
  from episodes group by all
), scored as (
  select p.*, f.method, h.hide, p.observed / nullif(p.expected, 0) as oe, p.observed / nullif(p.expected, 0) * f.pathway_mean as adjusted_mean,
    sqrt(f.v * p.expected_squares::double) / nullif(p.expected::double, 0) as se
  from providers p join fits f using (pathway_id, basis, view)
  join comparison_cells h on h.pathway_id = p.pathway_id and h.provider_code = p.provider_code and h.population = 'compared'
), zs as (
  select *, (oe - 1) / nullif(se, 0) as z from scored
), spread as (
  select pathway_id, basis, view, quantile_cont(z, 0.1) as lo, quantile_cont(z, 0.9) as hi from zs where not hide and z is not null group by all
), dispersion as (
  select z.pathway_id, z.basis, z.view, count(*) as k, sum(power(least(greatest(z.z, s.lo), s.hi), 2)::decimal(38, 10)) / count(*) as phi
  from zs z join spread s using (pathway_id, basis, view) where not z.hide and z.z is not null group by all
), tested as (
  select pathway_id, basis, view, phi, k >= ${OVERDISPERSION_MIN_PROVIDERS} and k * phi > ${chiSquared95('k')} as overdispersed from dispersion
), limits as (
  select z.*, coalesce(d.overdispersed, false) as overdispersed, case when d.overdispersed then sqrt(d.phi) else 1 end * z.se as width, d.phi
  from zs z left join tested d using (pathway_id, basis, view)
), targets as (
  select pathway_id, basis, view, ${targetSql('round(adjusted_mean, 2)::decimal(18, 2)')} as target_gbp
  from limits where not hide group by all
)
select l.pathway_id, l.provider_code, l.basis, l.view,
  l.hide as suppressed,
  case when not l.hide then l.n end as n_episodes,
  case when not l.hide then round(l.observed / l.n, 2) end as observed_mean_gbp,
  case when not l.hide then round(l.expected / l.n, 2) end as expected_mean_gbp,
  case when not l.hide then round(l.oe, 4) end as oe_ratio,
  case when not l.hide then round(l.z, 4) end as z_score,
  -- greatest() skips a NULL: without a width there is no lower limit, not one of 0
  case when not l.hide and l.width is not null then round(greatest(1 - ${Z95} * l.width, 0), 4) end as lower_95,
  case when not l.hide then round(1 + ${Z95} * l.width, 4) end as upper_95,
  case when not l.hide and l.width is not null then round(greatest(1 - ${Z998} * l.width, 0), 4) end as lower_998,
  case when not l.hide then round(1 + ${Z998} * l.width, 4) end as upper_998,
  case when l.hide or l.oe is null or l.width is null then null
    when l.oe > 1 + ${Z998} * l.width then 'above_998'
    when l.oe > 1 + ${Z95} * l.width then 'above_95'
    when l.oe < 1 - ${Z998} * l.width then 'below_998'
    when l.oe < 1 - ${Z95} * l.width then 'below_95'
    else 'within' end as outlier,
  l.method as expected_method,
  case when l.overdispersed then 'multiplicative_overdispersion' else 'normal' end as limits_method,
  case when not l.hide then round(case when l.overdispersed then l.phi else 1 end, 4) end as overdispersion,
  $price_year::varchar as price_year,
  $target as target,
  case when not l.hide then round(l.adjusted_mean, 2) end as adjusted_mean_gbp,
  case when not l.hide then t.target_gbp end as target_gbp,
  case when not l.hide then ${opportunitySql({ adjusted: 'round(l.adjusted_mean, 2)::decimal(18, 2)', target: 't.target_gbp', n: 'l.n', observedMean: 'round(l.observed / l.n, 2)::decimal(18, 2)' })} end as opportunity_gbp
from limits l left join targets t using (pathway_id, basis, view)`;
