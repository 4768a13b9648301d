// pathway_summary: distribution of episode cost per pathway × provider (and ICB) × month (and all) ×
// step × setting × basis, with small-number suppression (primary: n 1–threshold; secondary: when only one
// provider in a cell is suppressed, the next smallest is too, so the ICB total cannot reveal it).
import type { SummaryBasis } from '../../../schemas/tables/pathway-summary.ts';
import type { Db } from '../../db.ts';

/** Each basis's cost of an episode's cells, from episode_step_cost. */
const BASIS_SUMS: Record<SummaryBasis, string> = {
  actual: 'sum(cost_gbp)',
  standardised: 'sum(standardised_cost_gbp)',
  condition: 'coalesce(sum(cost_gbp) filter (where condition_related), 0)',
};
const BASES = Object.keys(BASIS_SUMS);

export async function buildSummary(db: Db, threshold: number): Promise<void> {
  await db.run(
    `
insert into pathway_summary by name
with cells as (
  select episode_id, coalesce(step, 'all') as step, coalesce(setting, 'all') as setting,
    ${Object.entries(BASIS_SUMS).map(([basis, sum]) => `${sum} as ${basis}`).join(', ')}
  from episode_step_cost group by grouping sets ((episode_id, step, setting), (episode_id, step), (episode_id, setting), (episode_id))
), keys as (
  select distinct e.pathway_id, c.step, c.setting from cells c join episode e using (episode_id)
), dense as (
  -- Every episode appears in every step × setting of its pathway (0 when it had none), so the
  -- distribution is over episodes, not over episodes that happened to use the step.
  select e.pathway_id, e.anchor_provider_code, e.month, e.episode_id, k.step, k.setting,
    ${BASES.map((basis) => `coalesce(c.${basis}, 0) as ${basis}`).join(', ')}
  from episode e join keys k using (pathway_id) left join cells c on c.episode_id = e.episode_id and c.step = k.step and c.setting = k.setting
), long as (
  unpivot dense on ${BASES.join(', ')} into name basis value gbp
), stats as (
  select pathway_id, coalesce(anchor_provider_code, 'ICB') as provider_code, coalesce(month, 'all') as month, step, setting, basis,
    count(*) as n_episodes, sum(gbp) as total_gbp, avg(gbp) as mean_gbp,
    quantile_cont(gbp, [0.1, 0.25, 0.5, 0.75, 0.9]) as q
  from long
  group by grouping sets ((pathway_id, anchor_provider_code, month, step, setting, basis), (pathway_id, anchor_provider_code, step, setting, basis),
                          (pathway_id, month, step, setting, basis), (pathway_id, step, setting, basis))
), primary_flag as (
  select *, n_episodes between 1 and $threshold as primary_suppressed from stats
), secondary as (
  select *,
    count(*) filter (where primary_suppressed) over cell as suppressed_in_cell,
    row_number() over (partition by pathway_id, month, step, setting, basis, provider_code = 'ICB', primary_suppressed order by n_episodes, provider_code) as size_rank
  from primary_flag window cell as (partition by pathway_id, month, step, setting, basis, provider_code = 'ICB')
), flagged as (
  select *, primary_suppressed or (provider_code <> 'ICB' and suppressed_in_cell = 1 and not primary_suppressed and size_rank = 1) as suppressed
  from secondary
)
select pathway_id, provider_code, month, step, setting, basis, suppressed,
  case when not suppressed then n_episodes end as n_episodes,
  case when not suppressed then round(total_gbp, 2) end as total_gbp,
  case when not suppressed then round(mean_gbp, 2) end as mean_gbp,
  case when not suppressed then round(q[3], 2) end as median_gbp,
  case when not suppressed then round(q[1], 2) end as p10_gbp,
  case when not suppressed then round(q[2], 2) end as p25_gbp,
  case when not suppressed then round(q[4], 2) end as p75_gbp,
  case when not suppressed then round(q[5], 2) end as p90_gbp
from flagged`,
    { threshold },
  );
}
