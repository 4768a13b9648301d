// provider_cost_basis_mix: the share of each anchor provider's attributed £ by cost basis, over all months,
// steps and settings, so a reader of variation sees whose costs are the providers' own (PLICS, tariff) and
// whose are national prices. Held to the disclosure rules (engine/disclosure/cost-basis-mix-cells.ts): a slice
// resting on fewer episodes than the threshold is hidden, and so is a complement, because the slices add up to
// the provider's total, which pathway_summary publishes.
// Sums run over DECIMALs (exact), so the shares do not depend on the order threads combine them in.
import type { Db } from '../../db.ts';
import { discloseCostBasisMix } from '../../disclosure/cost-basis-mix-cells.ts';

export async function buildCostBasisMix(db: Db, threshold: number): Promise<void> {
  await db.run(`
create or replace temp table cost_basis_mix_stats as
with money as (
  select e.pathway_id, e.anchor_provider_code as provider_code, s.cost_basis, sum(s.cost_gbp) as cost_gbp,
    count(distinct s.episode_id) as n_episodes
  from episode_step_cost s join episode e using (episode_id)
  group by all
)
select *, cost_gbp / nullif(sum(cost_gbp) over (partition by pathway_id, provider_code), 0) as share from money`);
  await discloseCostBasisMix(db, threshold);
  await db.run(`
insert into provider_cost_basis_mix by name
select m.pathway_id, m.provider_code, m.cost_basis, c.hide as suppressed,
  case when not c.hide then m.cost_gbp end as cost_gbp,
  case when not c.hide then round(m.share, 4) end as share
from cost_basis_mix_stats m join cost_basis_mix_cells c using (pathway_id, provider_code, cost_basis)`);
}
