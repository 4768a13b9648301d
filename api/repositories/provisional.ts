// Provisional episodes per anchor month, for the ICB only (a split by provider would add cells too small to
// publish). A month's count splits pathway_summary's published ICB count in two, provisional and complete, so
// the month is hidden when either part is small. The months' provisional counts add up to comparison_exclusion's
// provisional row (ICB, all months), so that total is their margin: when it is shown and only one month holding
// provisional episodes is hidden, one more is hidden, the shown month with the fewest provisional episodes among
// those that also hold complete ones (a month whose episodes are all provisional gives its count away through
// the summary, and one with none is known to hold none once its windows have closed); every month when there is
// no such month.
import type { ProvisionalMonth, ProvisionalQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { isSmall } from './sql.ts';

const MONTHS = `
with published as (
  select month, n_episodes, suppressed from pathway_summary
  where pathway_id = $pathway and provider_code = 'ICB' and step = 'all' and setting = 'all' and basis = 'actual' and month <> 'all'
), counted as (
  select month, count(*) filter (where status = 'provisional') as p, count(*) as n from episode where pathway_id = $pathway group by month
), judged as (
  select s.month, s.n_episodes, c.p,
    (s.suppressed or s.n_episodes is null or ${isSmall('s.n_episodes')} or s.n_episodes <> c.n or ${isSmall('c.p')} or ${isSmall('c.n - c.p')}) as hide
  from published s join counted c using (month)
), margin_shown as (
  select coalesce(bool_or(not suppressed and n_episodes is not null), false) as shown
  from comparison_exclusion where pathway_id = $pathway and reason = 'provisional'
), lone as (
  select (select shown from margin_shown) and count(*) filter (where hide and p > 0) = 1 as lone from judged
), complement as (
  select month from judged where not hide and p > 0 and p < n_episodes order by p, month limit 1
), covered as (
  select j.*, j.hide or ((select lone from lone) and (j.month in (select month from complement) or not exists (select 1 from complement))) as hidden
  from judged j
)
select month,
  case when hidden then null else n_episodes::integer end as n_episodes,
  case when hidden then null else p::integer end as n_provisional,
  case when hidden then null else round(p / n_episodes, 4)::double end as provisional_share,
  hidden as suppressed
from covered
order by month`;

export async function listProvisional(db: ReadDb, q: ProvisionalQuery, minShown: number): Promise<{ pathway_id: string; items: ProvisionalMonth[] }> {
  return { pathway_id: q.pathway, items: await db.all<ProvisionalMonth>(MONTHS, { pathway: q.pathway, min_shown: minShown }) };
}
