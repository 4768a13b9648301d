// provider_cost_basis_mix: a provider's attributed £ by cost basis. Hidden rows show no figures: marked so by
// the engine, or the provider hidden (or missing) in pathway_summary's all-months row, whose money this splits.
import type { CostBasisMixQuery, Page } from '../../schemas/api/index.ts';
import { ProviderCostBasisMix } from '../../schemas/tables/provider-cost-basis-mix.ts';
import type { ReadDb } from '../read-pool.ts';
import { isSmall, opt, pageOrCount, suppressedColumns } from './sql.ts';

const FILTERED = `
  select m.*, (m.suppressed or coalesce(s.suppressed, true) or coalesce(${isSmall('s.n_episodes')}, false)) as hide
  from provider_cost_basis_mix m
  left join pathway_summary s on s.pathway_id = m.pathway_id and s.provider_code = m.provider_code
    and s.month = 'all' and s.step = 'all' and s.setting = 'all' and s.basis = 'actual'
  where ($pathway is null or m.pathway_id = $pathway)
    and ($provider is null or m.provider_code = $provider)`;

const PAGE = `
with filtered as (${FILTERED})
select ${suppressedColumns(ProviderCostBasisMix)},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, provider_code, cost_basis
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

export async function listCostBasisMix(db: ReadDb, q: CostBasisMixQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, pathway: opt(q.pathway), provider: opt(q.provider) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}
