// The episodes the provider comparison takes (DESIGN §1, §6), each with its case-mix levels, its cell (one
// combination of levels) and its cost on every basis and view at one price year:
//   comparison_reason  every episode, with the reason it is left out (null when compared)
//   compared_episode   compared episodes: provider, levels, cell_id
//   compared_cost      compared episode × basis × view: cost (DECIMAL, to the penny)
// A missing stratum is a level of its own ('unknown'): joining on a nullable stratum drops the episode.
import { type ComparisonBasis, type ComparisonExclusions } from '../../../schemas/tables/variation.ts';
import type { Db } from '../../db.ts';
import { SqlParams } from '../../sql.ts';

/** Episode columns of each basis. condition: the part of the episode the pathway's providers act on. */
export const BASIS_COLUMNS: Record<ComparisonBasis, string> = {
  actual: 'total_cost_gbp',
  condition: 'condition_cost_gbp',
  standardised: 'standardised_cost_gbp',
  overhead_standardised: 'overhead_standardised_cost_gbp',
  mff_neutral: 'mff_neutral_cost_gbp',
};

/**
 * The case-mix levels of an episode, as SQL over the episode table (every value text, never null). Age comes
 * from `age`: an episode without one has no band, whatever age_band holds.
 */
export const LEVEL_SQL = {
  age_band: `case when age is null or age_band is null then 'unknown' else age_band end`,
  sex: `coalesce(sex, 'unknown')`,
  imd_quintile: `coalesce(imd_quintile::varchar, 'unknown')`,
  complication_band: `coalesce(complication_band, 'unknown')`,
  bilateral: `case when coalesce(list_contains(flags, 'bilateral_same_spell'), false) then 'yes' else 'no' end`,
  year: `(year(anchor_start) - (month(anchor_start) < 4)::integer)::varchar || '/' || right((year(anchor_start) - (month(anchor_start) < 4)::integer + 1)::varchar, 2)`,
} as const;

export interface ComparedEpisodesOptions {
  exclusions: ComparisonExclusions;
  /** The build's --price-year: its costs are already in it. */
  priceYear?: string;
}

/** Builds the three tables; returns the comparison's price year (null when a year has no inflation index). */
export async function selectComparedEpisodes(db: Db, options: ComparedEpisodesOptions): Promise<string | null> {
  await tagReasons(db, options.exclusions);
  await db.run(`
create or replace temp table compared_episode as
with levels as (
  select e.pathway_id, e.episode_id, e.anchor_provider_code as provider_code, e.month,
    ${Object.entries(LEVEL_SQL).map(([name, sql]) => `${sql} as ${name}`).join(',\n    ')},
    ${Object.values(BASIS_COLUMNS).map((c) => `e.${c}`).join(', ')}
  from episode e join comparison_reason r using (pathway_id, episode_id)
  where r.reason is null
)
select *, dense_rank() over (partition by pathway_id order by ${Object.keys(LEVEL_SQL).join(', ')}) as cell_id from levels`);
  const priceYear = await restatePrices(db, options.priceYear);
  await db.run(`
create or replace temp table compared_cost as
with long as (
  ${Object.entries(BASIS_COLUMNS).map(([basis, column]) => `select pathway_id, episode_id, provider_code, cell_id, year, '${basis}' as basis, round(${column} * factor, 2)::decimal(18, 2) as cost from compared_episode`).join('\n  union all\n  ')}
), bounds as (
  -- Winsorised view: episode cost capped at the 1st/99th percentile per pathway, basis and year, to the nearest
  -- penny (a DECIMAL quantile would truncate). Never beyond the second most extreme cost: under about 100
  -- episodes the percentile lies between the two most extreme and would leave most of an outlier in.
  select pathway_id, basis, year,
    round(greatest(quantile_cont(cost::double, 0.01), min(cost, 2)[2]::double), 2)::decimal(18, 2) as lo,
    round(least(quantile_cont(cost::double, 0.99), max(cost, 2)[2]::double), 2)::decimal(18, 2) as hi
  from long group by all
)
select l.pathway_id, l.episode_id, l.provider_code, l.cell_id, l.basis, 'raw' as view, l.cost as c from long l
union all
select l.pathway_id, l.episode_id, l.provider_code, l.cell_id, l.basis, 'winsorised', least(greatest(l.cost, b.lo), b.hi)::decimal(18, 2)
from long l join bounds b using (pathway_id, basis, year)`);
  return priceYear;
}

/**
 * The first reason that leaves each episode out: provisional, then the flags in the order given (the pathway's
 * own list where its definition gives one, else the default list).
 */
async function tagReasons(db: Db, exclusions: ComparisonExclusions): Promise<void> {
  const p = new SqlParams();
  const lists = Object.entries(exclusions.byPathway ?? {}).map(([id, flags]) => `when ${p.bind(id)} then ${p.bind(flags)}`);
  const flagList = lists.length ? `case pathway_id ${lists.join(' ')} else ${p.bind(exclusions.flags)} end` : p.bind(exclusions.flags);
  await db.run(
    `
create or replace temp table comparison_reason as
select pathway_id, episode_id, anchor_provider_code as provider_code,
  case when ${exclusions.provisional ? `status = 'provisional'` : 'false'} then 'provisional'
    else list_filter(${flagList}, f -> coalesce(list_contains(flags, f), false))[1] end as reason
from episode`,
    p.values,
  );
}

/**
 * One price year for the comparison: the build's --price-year (costs already in it), else the latest anchor
 * year, costs of episodes anchored in other years multiplied by the NHS cost inflation index's ratio (their
 * activity was priced in its own year; the anchor's year stands for the episode's). Adds `factor`.
 */
async function restatePrices(db: Db, buildPriceYear: string | undefined): Promise<string | null> {
  const years = (await db.all<{ year: string }>(`select distinct year from compared_episode order by year`)).map((y) => y.year);
  if (buildPriceYear !== undefined || years.length <= 1) {
    await db.run(`alter table compared_episode add column factor double default 1`);
    return buildPriceYear ?? years[0] ?? null;
  }
  const target = years.at(-1)!;
  await db.run(
    `
create or replace temp table compared_episode as
select e.*, t.index_value / i.index_value as factor
from compared_episode e
left join ref_inflation i on i.financial_year = e.year
left join ref_inflation t on t.financial_year = $target`,
    { target },
  );
  const { missing } = await db.one<{ missing: number }>(`select count(*) filter (where factor is null)::integer as missing from compared_episode`);
  if (missing === 0) return target;
  // A year the index does not cover: no one price year, so none is claimed and no cost is restated.
  await db.run(`update compared_episode set factor = 1`);
  return null;
}
