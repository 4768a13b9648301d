// variation: observed vs expected per provider with funnel limits. A hidden row shows no figures (every numeric
// column, whatever the engine adds, and the outlier class, which would hint at the mean). Hidden: marked so by
// the engine, a small count, or the provider hidden in pathway_summary's all-months row (its n × mean is the
// total the summary hides). A `target` replaces the build's: worked out from the shown providers' adjusted
// means of each pathway × basis × view (whatever the filters), as the build works it out.
import type { Page, VariationQuery } from '../../schemas/api/index.ts';
import { parseTarget } from '../../schemas/tables/variation.ts';
import { opportunitySql, targetParams, targetSql } from '../../engine/stages/07-aggregate/opportunity.ts';
import type { ReadDb } from '../read-pool.ts';
import { Variation } from '../../schemas/tables/variation.ts';
import { isSmall, opt, pageOrCount, suppressedColumns } from './sql.ts';

const FILTERED = `
  with marked as (
    select v.*, (v.suppressed or v.n_episodes is null or ${isSmall('v.n_episodes')} or coalesce(s.suppressed, true)) as hide
    from variation v
    left join pathway_summary s on s.pathway_id = v.pathway_id and s.provider_code = v.provider_code
      and s.month = 'all' and s.step = 'all' and s.setting = 'all' and s.basis = 'actual'
  ), chosen as (
    select pathway_id, basis, view, ${targetSql('adjusted_mean_gbp')} as chosen_gbp from marked where not hide group by all
  )
  select m.* replace (
      coalesce($target, m.target) as target,
      case when $target is null then m.target_gbp else c.chosen_gbp end as target_gbp,
      case when $target is null then m.opportunity_gbp else ${opportunitySql({ adjusted: 'm.adjusted_mean_gbp', target: 'c.chosen_gbp', n: 'm.n_episodes', observedMean: 'm.observed_mean_gbp' })} end as opportunity_gbp)
  from marked m left join chosen c using (pathway_id, basis, view)
  where ($pathway is null or m.pathway_id = $pathway)
    and ($provider is null or m.provider_code = $provider)
    and ($basis is null or m.basis = $basis)
    and ($view is null or m.view = $view)`;

const PAGE = `
with filtered as (${FILTERED})
select ${suppressedColumns(Variation, { alsoHide: ['outlier'] })},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, basis, view, provider_code
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

export async function listVariation(db: ReadDb, q: VariationQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const target = q.target === undefined ? undefined : parseTarget(q.target);
  const chosen = target === undefined ? { target: null, target_gbp: null } : targetParams(target);
  const p = { min_shown: minShown, ...chosen, pathway: opt(q.pathway), provider: opt(q.provider), basis: opt(q.basis), view: opt(q.view) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}
