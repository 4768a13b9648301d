// Cost by step and setting per anchor provider and for the ICB: the step × setting cells of pathway_summary,
// whose hidden cells the build chose once for every published view (engine/disclosure), so this endpoint can
// never show a cell the summary hides. The API re-checks the counts against the build's threshold.
import type { Page, StepCostRow, StepsQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { isSmall, opt, pageOrCount } from './sql.ts';

/** The summary basis holding a steps view: relevance picks the condition-related bases. */
const SUMMARY_BASIS = `case when $relevance = 'condition' then case $basis when 'standardised' then 'condition_standardised' else 'condition' end else $basis end`;

const FILTERED = `
  select *, (suppressed or n_episodes is null or ${isSmall('n_episodes')} or ${isSmall('n_with_activity')}) as hide
  from pathway_summary
  where pathway_id = $pathway and basis = ${SUMMARY_BASIS} and month = coalesce($month, 'all')
    and step <> 'all' and setting <> 'all' and ($provider is null or provider_code = $provider)
    -- cells the provider never used carry nothing (a hidden cell always holds activity)
    and (suppressed or n_with_activity > 0)`;

const PAGE = `
with filtered as (${FILTERED})
select pathway_id, provider_code, step, setting, $basis as basis, $relevance as relevance,
  case when hide then null else n_episodes::integer end as provider_episodes,
  case when hide then null else n_with_activity::integer end as n_episodes,
  case when hide then null else total_gbp::double end as total_gbp,
  case when hide then null else mean_gbp::double end as mean_per_episode_gbp,
  hide as suppressed,
  (count(*) over ())::integer as _total
from filtered
order by provider_code = 'ICB', provider_code, step, setting
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

export async function listSteps(db: ReadDb, q: StepsQuery, minShown: number): Promise<Page<StepCostRow>> {
  const month = q.month === 'all' ? null : opt(q.month);
  const p = { min_shown: minShown, pathway: q.pathway, basis: q.basis, relevance: q.relevance, month, provider: opt(q.provider) };
  const rows = await db.all<StepCostRow & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}
