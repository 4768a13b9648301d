// Provisional episodes per anchor month, for the ICB only (a split by provider would add cells too small to
// publish). A month's count splits pathway_summary's published ICB count in two, provisional and complete, so
// the month is hidden when either part is small. The months' counts add up to comparison_exclusion's
// provisional row (ICB, all months), which the build hides whenever a month hidden here holds provisional
// episodes (engine/disclosure/comparison-cells.ts), so no hidden month comes out of it.
import type { ProvisionalMonth, ProvisionalQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { provisionalSplitSmallSql } from '../../engine/disclosure/comparison-cells.ts';
import { isSmall } from './sql.ts';

const MONTHS = `
with published as (
  select month, n_episodes, suppressed from pathway_summary
  where pathway_id = $pathway and provider_code = 'ICB' and step = 'all' and setting = 'all' and basis = 'actual' and month <> 'all'
), counted as (
  select month, count(*) filter (where status = 'provisional') as p, count(*) as n from episode where pathway_id = $pathway group by month
), judged as (
  select s.month, s.n_episodes, c.p,
    (s.suppressed or s.n_episodes is null or ${isSmall('s.n_episodes')} or s.n_episodes <> c.n or ${provisionalSplitSmallSql('c.p', 'c.n', '$min_shown')}) as hide
  from published s join counted c using (month)
)
select month,
  case when hide then null else n_episodes::integer end as n_episodes,
  case when hide then null else p::integer end as n_provisional,
  case when hide then null else round(p / n_episodes, 4)::double end as provisional_share,
  hide as suppressed
from judged
order by month`;

export async function listProvisional(db: ReadDb, q: ProvisionalQuery, minShown: number): Promise<{ pathway_id: string; items: ProvisionalMonth[] }> {
  return { pathway_id: q.pathway, items: await db.all<ProvisionalMonth>(MONTHS, { pathway: q.pathway, min_shown: minShown }) };
}
