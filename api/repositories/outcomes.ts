// provider_outcome and proms_linkage: rows the engine marked suppressed show no figures, and so does a row whose
// provider pathway_summary hides (or lacks) in its all-months row, or whose count the threshold forbids.
import type { LinkageQuery, OutcomesQuery, Page } from '../../schemas/api/index.ts';
import { PromsLinkage, ProviderOutcome } from '../../schemas/tables/proms-outcome.ts';
import type { ReadDb } from '../read-pool.ts';
import { isSmall, opt, pageOrCount, suppressedColumns } from './sql.ts';

const summaryHides = (alias: string) => `
  left join pathway_summary s on s.pathway_id = ${alias}.pathway_id and s.provider_code = ${alias}.provider_code
    and s.month = 'all' and s.step = 'all' and s.setting = 'all' and s.basis = 'actual'`;
const hiddenBySummary = `coalesce(s.suppressed, true) or coalesce(${isSmall('s.n_episodes')}, false)`;

const OUTCOMES = `
  select m.*, (m.suppressed or ${hiddenBySummary} or coalesce(${isSmall('m.n_linked')}, false)) as hide
  from provider_outcome m ${summaryHides('m')}
  where ($pathway is null or m.pathway_id = $pathway) and ($provider is null or m.provider_code = $provider) and ($measure is null or m.measure = $measure)`;

const LINKAGE = `
  select m.*, (m.suppressed or ${hiddenBySummary} or coalesce(${isSmall('m.n_episodes')} or ${isSmall('m.n_preop')} or ${isSmall('m.n_linked')}, false)) as hide
  from proms_linkage m ${summaryHides('m')}
  where ($pathway is null or m.pathway_id = $pathway) and ($provider is null or m.provider_code = $provider)`;

const pageSql = (filtered: string, columns: string, order: string) => `
with filtered as (${filtered})
select ${columns}, (count(*) over ())::integer as _total
from filtered order by ${order} limit $limit offset $offset`;

const countSql = (filtered: string) => `with filtered as (${filtered}) select count(*)::integer as n from filtered`;

const OUTCOMES_PAGE = pageSql(OUTCOMES, suppressedColumns(ProviderOutcome, { alsoHide: ['outlier'] }), 'pathway_id, measure, provider_code');
const LINKAGE_PAGE = pageSql(LINKAGE, suppressedColumns(PromsLinkage), 'pathway_id, provider_code');

async function list(db: ReadDb, sql: { page: string; count: string }, p: Record<string, string | number | null>, q: { limit: number; offset: number }): Promise<Page<Record<string, unknown>>> {
  const rows = await db.all<Record<string, unknown> & { _total: number }>(sql.page, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(sql.count, p))[0].n);
}

export function listOutcomes(db: ReadDb, q: OutcomesQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, pathway: opt(q.pathway), provider: opt(q.provider), measure: opt(q.measure) };
  return list(db, { page: OUTCOMES_PAGE, count: countSql(OUTCOMES) }, p, q);
}

export function listLinkage(db: ReadDb, q: LinkageQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, pathway: opt(q.pathway), provider: opt(q.provider) };
  return list(db, { page: LINKAGE_PAGE, count: countSql(LINKAGE) }, p, q);
}
