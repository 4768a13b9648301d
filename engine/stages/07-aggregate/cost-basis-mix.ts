// provider_cost_basis_mix: the share of each anchor provider's attributed £ by cost basis, over all months,
// steps and settings, so a reader of variation sees whose costs are the providers' own (PLICS, tariff) and
// whose are national prices. A provider is hidden exactly when pathway_summary hides it (all months, all steps,
// all settings, actual basis): the same episodes and money, so the summary's decision, never a second one.
// Sums run over DECIMALs (exact), so the shares do not depend on the order threads combine them in.
import type { Db } from '../../db.ts';

export async function buildCostBasisMix(db: Db): Promise<void> {
  await db.run(`
insert into provider_cost_basis_mix by name
with money as (
  select e.pathway_id, e.anchor_provider_code as provider_code, s.cost_basis, sum(s.cost_gbp) as cost_gbp
  from episode_step_cost s join episode e using (episode_id)
  group by all
), shares as (
  select *, cost_gbp / nullif(sum(cost_gbp) over (partition by pathway_id, provider_code), 0) as share from money
), hidden as (
  -- no summary row for the provider: hidden (fail closed)
  select m.*, coalesce(s.suppressed, true) as hide
  from shares m
  left join pathway_summary s on s.pathway_id = m.pathway_id and s.provider_code = m.provider_code
    and s.month = 'all' and s.step = 'all' and s.setting = 'all' and s.basis = 'actual'
)
select pathway_id, provider_code, cost_basis, hide as suppressed,
  case when not hide then cost_gbp end as cost_gbp,
  case when not hide then round(share, 4) end as share
from hidden`);
}
