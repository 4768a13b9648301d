// variation: observed vs expected per provider with funnel limits. A hidden row shows no figures (every numeric
// column, whatever the engine adds, and the outlier class, which would hint at the mean). Hidden: marked so by
// the engine, a small count, or the provider hidden in pathway_summary's all-months row (its n × mean is the
// total the summary hides).
import type { Page, VariationQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { Variation } from '../../schemas/tables/variation.ts';
import { isSmall, opt, pageOrCount, suppressedColumns } from './sql.ts';

const FILTERED = `
  select v.*, (v.suppressed or v.n_episodes is null or ${isSmall('v.n_episodes')} or coalesce(s.suppressed, true)) as hide
  from variation v
  left join pathway_summary s on s.pathway_id = v.pathway_id and s.provider_code = v.provider_code
    and s.month = 'all' and s.step = 'all' and s.setting = 'all' and s.basis = 'actual'
  where ($pathway is null or v.pathway_id = $pathway)
    and ($provider is null or v.provider_code = $provider)
    and ($basis is null or v.basis = $basis)
    and ($view is null or v.view = $view)`;

const PAGE = `
with filtered as (${FILTERED})
select ${suppressedColumns(Variation, { alsoHide: ['outlier'] })},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, basis, view, provider_code
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

export async function listVariation(db: ReadDb, q: VariationQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, pathway: opt(q.pathway), provider: opt(q.provider), basis: opt(q.basis), view: opt(q.view) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}
