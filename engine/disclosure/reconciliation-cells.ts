// What may be shown of reconciliation's money. A row's pathway money comes from the patients with in-episode
// activity in it; with 1 to threshold − 1 of them it would show what they cost, so it is hidden (the difference,
// the point of the table, stays). Its months add up to the feed × provider's pathway money over the whole period,
// which other outputs publish (a scenario's delivering provider × setting row; pathway_summary's ICB setting total
// for a setting one feed delivers): that total is the margin, and complementary suppression over the months keeps
// a lone hidden month from being that total less the shown ones (e.g. 5 patients' June rehab,
// £70,100 − £26,250 − £24,100 = £19,750). A month with no pathway money protects one too, and is taken first: its
// money columns are hidden with it, so a reader cannot tell it holds none, and less is lost. A feed × provider
// with one month only has nothing to hide it with.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { FEED_SETTING } from '../../schemas/tables/activity.ts';
import { type Db, type Params, listParam, quoteIdent } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

const RECONCILIATION_CELLS: CellTable = {
  table: 'reconciliation_cells',
  keys: ['pathway_id', 'feed', 'provider_code', 'month'],
  margins: [{ column: 'month', total: 'all' }],
};

/** Sets reconciliation.n_patients and .suppressed (from activity_attribution and the threshold). */
export async function discloseReconciliation(db: Db, threshold: number): Promise<void> {
  await db.run(
    `
create or replace temp table reconciliation_cells as
with patients as (
  select pathway_id, feed, provider_code, month, count(distinct patient_id) as n
  from activity_attribution where episode_id is not null group by all
), cells as (
  select r.pathway_id, r.feed, r.provider_code, r.month, coalesce(p.n, 0) as n_patients
  from reconciliation r left join patients p using (pathway_id, feed, provider_code, month)
)
-- size orders the complements (complementary.ts takes the smallest above 0): a month without patients first
select *, case when n_patients = 0 then 0.5 else n_patients end as size, ${smallCountSql('n_patients', '$threshold')} as hide from cells
union all
-- the margin: published elsewhere, so never hidden here
select distinct pathway_id, feed, provider_code, 'all', 0, 0, false from cells`,
    { threshold },
  );
  await suppressComplementary(db, RECONCILIATION_CELLS);
  await db.run(`update reconciliation r set n_patients = c.n_patients, suppressed = c.hide from reconciliation_cells c
    where c.pathway_id = r.pathway_id and c.feed = r.feed and c.provider_code = r.provider_code and c.month = r.month`);
}

/**
 * What the reconciliation publishes by addition: a feed's attributed pounds are its setting's (FEED_SETTING), so
 * where no row of a pathway × provider × setting is hidden, its shown rows add up to the pathway's money the
 * provider delivered in that setting over the period; likewise over all providers ('ICB') and all settings ('all').
 * Other outputs holding that money must count it published: hiding it there protects nothing. A select of
 * pathway_id, provider_code, setting from the reconciliation (with `suppressed` set), in `database` when given.
 */
export function reconciledTotalsSql(database?: string): { sql: string; params: Params } {
  const table = database === undefined ? quoteIdent('reconciliation') : `${quoteIdent(database)}.${quoteIdent('reconciliation')}`;
  const feeds = Object.keys(FEED_SETTING) as Array<keyof typeof FEED_SETTING>;
  return {
    sql: `
select r.pathway_id, case when grouping(r.provider_code) = 1 then 'ICB' else r.provider_code end as provider_code,
  case when grouping(f.setting) = 1 then 'all' else f.setting end as setting
from ${table} r join (select unnest($feeds) as feed, unnest($settings) as setting) f using (feed)
group by grouping sets ((r.pathway_id, r.provider_code, f.setting), (r.pathway_id, r.provider_code), (r.pathway_id, f.setting), (r.pathway_id))
having not bool_or(coalesce(r.suppressed, true))`,
    params: { feeds: listParam(feeds), settings: listParam(feeds.map((f) => FEED_SETTING[f])) },
  };
}
