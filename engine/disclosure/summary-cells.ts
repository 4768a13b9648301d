// The cells of pathway_summary and what may be shown of them (`summary_cells`): one hide flag per pathway ×
// provider × month × step × setting, shared by every basis, so the pattern of hidden cells is the same in each
// basis and no basis gives away a count another hides. Every other published aggregate of episodes (variation,
// the steps and distribution endpoints, the report) takes its hidden providers and cells from here.
import { smallCountSql } from '../../schemas/disclosure.ts';
import type { Db } from '../db.ts';
import { type CellTable, spreadLocks } from './complementary.ts';
import { suppressAudited } from './linear-audit.ts';
import { reconciledTotalsSql } from './reconciliation-cells.ts';

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
 * reconciliation shows every row they add up from (`lockReconciled`). Reads `summary_stats` and the disclosed
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
  await lockReconciled(db);
  await spreadLocks(db, SUMMARY_CELLS);
  await suppressAudited(db, SUMMARY_CELLS);
}

/**
 * Locks the ICB's whole-period cells of a setting (all steps), and of the pathway, whose money the reconciliation
 * publishes (reconciledTotalsSql). Knee's primary care in the `npm start` sample was hidden for 6 episodes without
 * any, while its money was the sum of the GP appointment rows, and with it a provider's hidden cell was worked out.
 * Reads `reconciliation` (its `suppressed` set: run discloseReconciliation first).
 */
async function lockReconciled(db: Db): Promise<void> {
  const reconciled = reconciledTotalsSql();
  await db.run(
    `
update summary_cells c set locked = true from (${reconciled.sql}) r
where r.provider_code = 'ICB' and c.pathway_id = r.pathway_id and c.provider_code = 'ICB' and c.month = 'all' and c.step = 'all' and c.setting = r.setting`,
    reconciled.params,
  );
}
