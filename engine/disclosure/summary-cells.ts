// The cells of pathway_summary and what may be shown of them (`summary_cells`): one hide flag per pathway ×
// provider × month × step × setting, shared by every basis, so the pattern of hidden cells is the same in each
// basis and no basis gives away a count another hides. Every other published aggregate of episodes (variation,
// the steps and distribution endpoints, the report) takes its hidden providers and cells from here.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { FEED_SETTING } from '../../schemas/tables/activity.ts';
import { type Db, listParam } from '../db.ts';
import { type CellTable, spreadLocks } from './complementary.ts';
import { suppressAudited } from './linear-audit.ts';

export const SUMMARY_CELLS: CellTable & { locked: string } = {
  table: 'summary_cells',
  locked: 'locked',
  keys: ['pathway_id', 'provider_code', 'month', 'step', 'setting'],
  // The ICB row is the sum of the providers; "all" months of the months; "all" steps of the steps; "all"
  // settings of the settings. Counts and money add up along each (means and quantiles follow from them).
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'month', total: 'all' },
    { column: 'step', total: 'all' },
    { column: 'setting', total: 'all' },
  ],
};

/**
 * Primary suppression: a cell is hidden when any count it publishes, or the difference of two, numbers 1 to
 * threshold − 1: its episodes; the episodes with any activity in it (whose money the cell's total is), in any
 * basis; the episodes without (n_episodes − n_with_activity: "1 of RA1's 9 November patients had no outpatient
 * follow-up"); the episodes with activity none of it condition-related (the actual count less the condition
 * one); and the episodes with some activity that is not condition-related (`n_other`), whose money is the
 * actual total less the condition-related one (two bases of one shown cell gave one episode's £116.22).
 * Then complementary suppression along every margin, and the audit across margins (linear-audit.ts): with five
 * keys, groups of different margins combine (a 1M build's summary gave 58 hidden cells away so, 4 of them resting
 * on 1 or 2 episodes). The ICB's cells over the whole period by setting, and in all, are locked where the
 * reconciliation shows every row they add up from (`reconciliationShows`). Reads `summary_stats` and the disclosed
 * `reconciliation`, writes `summary_cells`.
 */
export async function discloseSummary(db: Db, threshold: number): Promise<void> {
  const small = (expr: string) => smallCountSql(expr, '$threshold');
  await db.run(
    `
create or replace temp table summary_cells as
select pathway_id, provider_code, month, step, setting, max(n_with_activity) as size,
  bool_or(${small('n_episodes')} or ${small('n_with_activity')} or ${small('n_episodes - n_with_activity')} or ${small('n_other')})
    or ${small("max(n_with_activity) filter (where basis = 'actual') - max(n_with_activity) filter (where basis = 'condition')")} as hide,
  false as locked
from summary_stats group by all`,
    { threshold },
  );
  await reconciliationShows(db);
  await spreadLocks(db, SUMMARY_CELLS);
  await suppressAudited(db, SUMMARY_CELLS);
}

/**
 * Locks the ICB's whole-period cells of a setting (all steps) whose money the reconciliation publishes: the
 * attributed pounds of every feed of the setting, summed over its shown rows, are that cell when no row is hidden
 * (knee's primary care in the `npm start` sample: hidden by the summary as 6 episodes without any, its money the
 * GP appointments rows' sum, and with it a provider's hidden cell worked out). The pathway's total, all settings,
 * likewise. Hiding such a cell protects nothing: complementary suppression takes it last and the audit counts it
 * known. Reads `reconciliation` (its `suppressed` set: run discloseReconciliation first).
 */
async function reconciliationShows(db: Db): Promise<void> {
  const feeds = Object.keys(FEED_SETTING);
  await db.run(
    `
update summary_cells c set locked = true from (
  select r.pathway_id, coalesce(f.setting, 'all') as setting
  from reconciliation r join (select unnest($feeds) as feed, unnest($settings) as setting) f using (feed)
  group by grouping sets ((r.pathway_id, f.setting), (r.pathway_id))
  having not bool_or(coalesce(r.suppressed, true))
) shown
where c.pathway_id = shown.pathway_id and c.provider_code = 'ICB' and c.month = 'all' and c.step = 'all' and c.setting = shown.setting`,
    { feeds: listParam(feeds), settings: listParam(feeds.map((f) => FEED_SETTING[f as keyof typeof FEED_SETTING])) },
  );
}
