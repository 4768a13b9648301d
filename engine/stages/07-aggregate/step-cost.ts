// episode_step_cost: money and units per episode × step × setting × provider × resource × basis.
// PLICS-split rows are spread over their resources (components scaled to the attributed cost, overheads
// taking the rounding remainder so resources add up to the episode total to the penny). Units are counted
// once per activity: on the `ward` row for split spells, on the `total` row otherwise.
import type { Db } from '../../db.ts';

const PARTS = ['staff', 'theatre', 'ward', 'drugs', 'devices', 'diagnostics'] as const;

export async function buildStepCost(db: Db, attributed: string): Promise<void> {
  const total = [...PARTS, 'overheads'].map((p) => `cost_${p}`).join(' + ');
  const part = (p: string, amount: string) =>
    `{'resource': '${p}', 'gbp': round(${amount} * cost_${p} / split_total, 2), 'std': round(attributed_standardised_gbp * cost_${p} / split_total, 2)}`;
  await db.run(`
insert into episode_step_cost by name
with src as (
  select *, strftime(anchor_start, '%Y-%m') as month, ${total} as split_total, cost_basis = 'plics_actual' and cost_overheads is not null and (${total}) > 0 as is_split
  from ${attributed}
), parts as (
  select *, unnest([${PARTS.map((p) => part(p, 'attributed_gbp')).join(', ')}]) as r from src where is_split
), split_rows as (
  select episode_id, pathway_id, month, step, setting, provider_code, r.resource, cost_basis, condition_related,
    r.gbp as cost_gbp, r.std as standardised_cost_gbp,
    case when r.resource = 'ward' then units * share else 0 end as units, unit,
    case when r.resource = 'ward' then 1 else 0 end as n
  from parts
  union all
  -- overheads take whatever the rounded parts leave, so the resources add up exactly.
  select episode_id, pathway_id, month, step, setting, provider_code, 'overheads', cost_basis, condition_related,
    attributed_gbp - (${PARTS.map((p) => `round(attributed_gbp * cost_${p} / split_total, 2)`).join(' + ')}),
    attributed_standardised_gbp - (${PARTS.map((p) => `round(attributed_standardised_gbp * cost_${p} / split_total, 2)`).join(' + ')}),
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
