// pathway_summary: distribution of episode cost per pathway × provider (and ICB) × month (and all) ×
// step (and all) × setting (and all) × basis, held to the disclosure rules (engine/disclosure).
import type { SummaryBasis } from '../../../schemas/tables/pathway-summary.ts';
import type { Db } from '../../db.ts';
import { discloseSummary } from '../../disclosure/summary-cells.ts';

/**
 * Bases of the summary: all-cause actual and standardised cost, and the condition-related part of each
 * (the steps view's "relevance"). Money of every basis is summed over the same dense grid of episodes.
 */
const BASES: Record<SummaryBasis, { gbp: string; present: string }> = {
  actual: { gbp: 'actual', present: 'has_any' },
  standardised: { gbp: 'standardised', present: 'has_any' },
  condition: { gbp: 'condition', present: 'has_condition' },
  condition_standardised: { gbp: 'condition_standardised', present: 'has_condition' },
};

export async function buildSummary(db: Db, threshold: number): Promise<void> {
  await buildSummaryStats(db);
  await discloseSummary(db, threshold);
  await db.run(`
insert into pathway_summary by name
select s.pathway_id, s.provider_code, s.month, s.step, s.setting, s.basis, c.hide as suppressed,
  case when not c.hide then s.n_episodes end as n_episodes,
  case when not c.hide then s.n_with_activity end as n_with_activity,
  case when not c.hide then round(s.total_gbp, 2) end as total_gbp,
  case when not c.hide then round(s.mean_gbp, 2) end as mean_gbp,
  case when not c.hide then round(s.q[3], 2) end as median_gbp,
  case when not c.hide then round(s.q[1], 2) end as p10_gbp,
  case when not c.hide then round(s.q[2], 2) end as p25_gbp,
  case when not c.hide then round(s.q[4], 2) end as p75_gbp,
  case when not c.hide then round(s.q[5], 2) end as p90_gbp
from summary_stats s join summary_cells c using (pathway_id, provider_code, month, step, setting)`);
}

/**
 * Every statistic of every cell before suppression (`summary_stats`). Each statistic is over every episode of the
 * group in every step × setting of its pathway, an episode with no cost there counting as £0: the distribution is
 * over episodes, not over the episodes that happened to use the step. Only the episodes' cells with activity are
 * aggregated; the £0 of the others are counted in (`sizes`), not written out as rows: a condition's year would
 * otherwise make millions of zero rows to sort for its quantiles. The four bases are aggregated side by side and
 * unpivoted after.
 */
async function buildSummaryStats(db: Db): Promise<void> {
  await createDenseQuantile(db);
  const aggregates = Object.entries(BASES).map(([basis, b]) =>
    `${b.present === 'has_any' ? 'count(*)' : 'count(*) filter (where has_condition)'} as n_${basis}, sum(${b.gbp}) as total_${basis},
    list(${b.gbp} order by ${b.gbp}) as sorted_${basis}, count(*) filter (where ${b.gbp} < 0) as negatives_${basis}`);
  const unpivoted = Object.keys(BASES).map((basis) =>
    `{'basis': '${basis}', 'n_with_activity': coalesce(n_${basis}, 0), 'total_gbp': coalesce(total_${basis}, 0),
      'mean_gbp': (coalesce(total_${basis}, 0) * 100)::hugeint::double / (n_episodes * 100)::double,
      'q': list_transform(${QUANTILES}, p -> dense_quantile(coalesce(sorted_${basis}, []), coalesce(negatives_${basis}, 0), n_episodes - coalesce(n_cells, 0), n_episodes, p))}`);
  const groupingSets = `grouping sets ((pathway_id, anchor_provider_code, month), (pathway_id, anchor_provider_code), (pathway_id, month), (pathway_id))`;
  const cellSets = `grouping sets ((pathway_id, anchor_provider_code, month, step, setting), (pathway_id, anchor_provider_code, step, setting),
                          (pathway_id, month, step, setting), (pathway_id, step, setting))`;
  await db.run(`
create or replace temp table summary_stats as
with cells as (
  select episode_id, coalesce(step, 'all') as step, coalesce(setting, 'all') as setting,
    sum(cost_gbp) as actual, sum(standardised_cost_gbp) as standardised,
    coalesce(sum(cost_gbp) filter (where condition_related), 0) as condition,
    coalesce(sum(standardised_cost_gbp) filter (where condition_related), 0) as condition_standardised,
    bool_or(condition_related) as has_condition
  from episode_step_cost group by grouping sets ((episode_id, step, setting), (episode_id, step), (episode_id, setting), (episode_id))
), located as (
  select e.pathway_id, e.anchor_provider_code, e.month, c.* from cells c join episode e using (episode_id)
), keys as (
  select distinct pathway_id, step, setting from located
), sizes as (
  -- every episode of the group is in each step × setting of its pathway
  select pathway_id, anchor_provider_code, month, grouping(anchor_provider_code, month) as rolled_up, count(*) as n_episodes
  from episode
  group by ${groupingSets}
), grouped as (
  select pathway_id, anchor_provider_code, month, grouping(anchor_provider_code, month) as rolled_up, step, setting, count(*) as n_cells,
    ${aggregates.join(',\n    ')}
  from located
  group by ${cellSets}
), joined as (
  select s.pathway_id, coalesce(s.anchor_provider_code, 'ICB') as provider_code, coalesce(s.month, 'all') as month, k.step, k.setting,
    s.n_episodes, g.* exclude (pathway_id, anchor_provider_code, month, rolled_up, step, setting)
  from sizes s join keys k using (pathway_id)
  left join grouped g on g.pathway_id = s.pathway_id and g.rolled_up = s.rolled_up and g.anchor_provider_code is not distinct from s.anchor_provider_code
    and g.month is not distinct from s.month and g.step = k.step and g.setting = k.setting
)
select pathway_id, provider_code, month, step, setting, b.basis, n_episodes, b.n_with_activity, b.total_gbp, b.mean_gbp, b.q
from (select *, unnest([${unpivoted.join(', ')}]) as b from joined)`);
}

const QUANTILES = '[0.1, 0.25, 0.5, 0.75, 0.9]::double[]';

/**
 * quantile_cont over a group's values given as its cell values sorted (`sorted`, `negatives` of them below 0)
 * and `zeros` more £0 values, `n` in all: the same interpolation as DuckDB 1.5's quantile_cont over DECIMAL(38,2)
 * (raw pennies as doubles, lo × (1 − d) + hi × d, truncated), so the published figures are those of
 * quantile_cont over every value. test/engine/dense-quantile.test.ts compares the two on random groups.
 */
export async function createDenseQuantile(db: Db): Promise<void> {
  await db.run(`create or replace temp macro dense_nth(sorted, negatives, zeros, i) as
    case when i < negatives then sorted[i + 1] when i < negatives + zeros then 0 else sorted[i - zeros + 1] end`);
  await db.run(`create or replace temp macro dense_quantile(sorted, negatives, zeros, n, p) as (
    case when floor((n - 1)::double * p) = ceil((n - 1)::double * p)
      then dense_nth(sorted, negatives, zeros, floor((n - 1)::double * p)::bigint)::decimal(38,2)
    else (trunc(
      (dense_nth(sorted, negatives, zeros, floor((n - 1)::double * p)::bigint)::decimal(38,2) * 100)::hugeint::double * (1 - ((n - 1)::double * p - floor((n - 1)::double * p)))
      + (dense_nth(sorted, negatives, zeros, ceil((n - 1)::double * p)::bigint)::decimal(38,2) * 100)::hugeint::double * ((n - 1)::double * p - floor((n - 1)::double * p))
    )::hugeint::decimal(38,0) * 0.01)::decimal(38,2) end)`);
}
