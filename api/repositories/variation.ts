// variation: observed vs expected per provider with funnel limits. Rows with 1–7 episodes show no figures
// (every numeric column, whatever the engine adds, and the outlier class, which would hint at the mean).
import type { Page, VariationQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { Variation } from '../../schemas/tables/variation.ts';
import { MIN_SHOWN, opt, pageOrCount, suppressedColumns } from './sql.ts';

const FILTERED = `
  select *, (suppressed or n_episodes is null or n_episodes between 1 and ${MIN_SHOWN - 1}) as hide
  from variation
  where ($pathway is null or pathway_id = $pathway)
    and ($provider is null or provider_code = $provider)
    and ($basis is null or basis = $basis)
    and ($view is null or view = $view)`;

const PAGE = `
with filtered as (${FILTERED})
select ${suppressedColumns(Variation, { alsoHide: ['outlier'] })},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, basis, view, provider_code
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

export async function listVariation(db: ReadDb, q: VariationQuery): Promise<Page<Record<string, unknown>>> {
  const p = { pathway: opt(q.pathway), provider: opt(q.provider), basis: opt(q.basis), view: opt(q.view) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}
