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
 * Every statistic of every cell before suppression (`summary_stats`). The four bases are aggregated side by side
 * in one pass over the dense grid and unpivoted after, not stacked into four times the rows first: the same
 * functions over the same values, a quarter of the rows grouped.
 *
 * An episode's money in one cell fits DECIMAL(18,2) (feeds cap each value), whose sums and means run on 64-bit
 * integers, not the 128-bit ones of the DECIMAL(38,2) a sum returns. Its quantiles are taken over whole pence:
 * DuckDB interpolates a decimal quantile in double (lo × (1 − d) + hi × d) and truncates it to the penny, and
 * over integers gives that double, truncated here; the same figures as over the sums themselves, in about half
 * the time (the library's diabetes years put 1.3M episode × step rows in the grid).
 */
async function buildSummaryStats(db: Db): Promise<void> {
  const QUANTILES = '[0.1, 0.25, 0.5, 0.75, 0.9]';
  const aggregates = Object.entries(BASES).map(([basis, b]) =>
    `count(*) filter (where ${b.present}) as n_${basis}, sum(${b.gbp}) as total_${basis}, avg(${b.gbp}) as mean_${basis}, quantile_cont((${b.gbp} * 100)::bigint, ${QUANTILES}) as q_${basis}`);
  const unpivoted = Object.keys(BASES).map((basis) =>
    `{'basis': '${basis}', 'n_with_activity': n_${basis}, 'total_gbp': total_${basis}, 'mean_gbp': mean_${basis}, 'q': list_transform(q_${basis}, p -> (trunc(p) / 100)::decimal(18,2))}`);
  await db.run(`
create or replace temp table summary_stats as
with cells as (
  select episode_id, coalesce(step, 'all') as step, coalesce(setting, 'all') as setting,
    sum(cost_gbp)::decimal(18,2) as actual, sum(standardised_cost_gbp)::decimal(18,2) as standardised,
    coalesce(sum(cost_gbp) filter (where condition_related), 0)::decimal(18,2) as condition,
    coalesce(sum(standardised_cost_gbp) filter (where condition_related), 0)::decimal(18,2) as condition_standardised,
    bool_or(condition_related) as has_condition, bool_or(not condition_related) as has_other
  from episode_step_cost group by grouping sets ((episode_id, step, setting), (episode_id, step), (episode_id, setting), (episode_id))
), keys as (
  select distinct e.pathway_id, c.step, c.setting from cells c join episode e using (episode_id)
), dense as (
  -- Every episode appears in every step × setting of its pathway (0 when it had none), so the
  -- distribution is over episodes, not over episodes that happened to use the step.
  select e.pathway_id, e.anchor_provider_code, e.month, e.episode_id, k.step, k.setting,
    c.episode_id is not null as has_any, coalesce(c.has_condition, false) as has_condition, coalesce(c.has_other, false) as has_other,
    coalesce(c.actual, 0) as actual, coalesce(c.standardised, 0) as standardised,
    coalesce(c.condition, 0) as condition, coalesce(c.condition_standardised, 0) as condition_standardised
  from episode e join keys k using (pathway_id) left join cells c on c.episode_id = e.episode_id and c.step = k.step and c.setting = k.setting
), grouped as (
  select pathway_id, coalesce(anchor_provider_code, 'ICB') as provider_code, coalesce(month, 'all') as month, step, setting,
    count(*) as n_episodes, count(*) filter (where has_other) as n_other, ${aggregates.join(',\n    ')}
  from dense
  group by grouping sets ((pathway_id, anchor_provider_code, month, step, setting), (pathway_id, anchor_provider_code, step, setting),
                          (pathway_id, month, step, setting), (pathway_id, step, setting))
)
select pathway_id, provider_code, month, step, setting, b.basis, n_episodes, n_other, b.n_with_activity, b.total_gbp, b.mean_gbp, b.q
from (select *, unnest([${unpivoted.join(', ')}]) as b from grouped)`);
}
