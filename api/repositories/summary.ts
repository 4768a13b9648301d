// pathway_summary, filtered and paged. The engine marks suppressed cells (primary and complementary); the API
// re-checks the counts against the build's threshold as well.
import type { ColumnResult } from '../../engine/db.ts';
import type { Page, SummaryQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { PathwaySummary } from '../../schemas/tables/pathway-summary.ts';
import { isSmall, opt, pageOrCount, suppressedColumns } from './sql.ts';

const FILTERED = `
  select *, (suppressed or n_episodes is null or ${isSmall('n_episodes')} or ${isSmall('n_with_activity')}) as hide
  from pathway_summary
  where ($pathway is null or pathway_id = $pathway)
    and ($provider is null or provider_code = $provider)
    and ($month is null or month = $month)
    and ($step is null or step = $step)
    and ($setting is null or setting = $setting)
    and ($basis is null or basis = $basis)`;

const PAGE = `
with filtered as (${FILTERED})
select ${suppressedColumns(PathwaySummary)},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, provider_code, month, step, setting, basis
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

function params(q: SummaryQuery, minShown: number) {
  return { min_shown: minShown, pathway: opt(q.pathway), provider: opt(q.provider), month: opt(q.month), step: opt(q.step), setting: opt(q.setting), basis: opt(q.basis) };
}

export async function listSummary(db: ReadDb, q: SummaryQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...params(q, minShown), limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, params(q, minShown)))[0].n);
}

/** The same page as columns, for the Arrow IPC answer. */
export function summaryColumns(db: ReadDb, q: SummaryQuery, minShown: number): Promise<ColumnResult> {
  return db.columns(PAGE, { ...params(q, minShown), limit: q.limit, offset: q.offset });
}
