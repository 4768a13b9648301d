// episode_step_cost: money and units per episode × step × setting × provider × resource × basis.
// PLICS-split rows are spread over their resources (components scaled to the attributed cost, overheads
// taking the rounding remainder so resources add up to the episode total to the penny). Units are counted
// once per activity: on the `ward` row for split spells, on the `total` row otherwise.
import type { Db } from '../../db.ts';
import { DIRECT_PARTS, IS_SPLIT, SPLIT_TOTAL } from '../04-price/plics-split.ts';

export async function buildStepCost(db: Db, attributed: string): Promise<void> {
  // A part is the amount × component / split total, rounded to a DECIMAL penny so the sums below are exact.
  const share = (amount: string, p: string) => `round(${amount} * cost_${p} / split_total, 2)::decimal(18, 2)`;
  const part = (p: string) => `{'resource': '${p}', 'gbp': ${share('attributed_gbp', p)}, 'std': ${share('attributed_standardised_gbp', p)}}`;
  await db.run(`
insert into episode_step_cost by name
with src as (
  select *, strftime(anchor_start, '%Y-%m') as month, ${SPLIT_TOTAL} as split_total, ${IS_SPLIT} as is_split
  from ${attributed}
), parts as (
  select *, unnest([${DIRECT_PARTS.map(part).join(', ')}]) as r from src where is_split
), split_rows as (
  select episode_id, pathway_id, month, step, setting, provider_code, r.resource, cost_basis, condition_related,
    r.gbp as cost_gbp, r.std as standardised_cost_gbp,
    case when r.resource = 'ward' then units * share else 0 end as units, unit,
    case when r.resource = 'ward' then 1 else 0 end as n
  from parts
  union all
  -- overheads take whatever the rounded parts leave, so the resources add up exactly.
  select episode_id, pathway_id, month, step, setting, provider_code, 'overheads', cost_basis, condition_related,
    attributed_gbp - (${DIRECT_PARTS.map((p) => share('attributed_gbp', p)).join(' + ')}),
    attributed_standardised_gbp - (${DIRECT_PARTS.map((p) => share('attributed_standardised_gbp', p)).join(' + ')}),
    0, unit, 0
  from src where is_split
  union all
  select episode_id, pathway_id, month, step, setting, provider_code, 'total', cost_basis, condition_related,
    attributed_gbp, attributed_standardised_gbp, units * share, unit, 1
  from src where not is_split
)
select episode_id, pathway_id, month, step, setting, provider_code, resource, cost_basis, condition_related,
  sum(cost_gbp) as cost_gbp, sum(standardised_cost_gbp) as standardised_cost_gbp,
  round(sum(units), 3) as units, unit, sum(n)::bigint as activities
from split_rows group by all`);
}
