// The cells of pathway_summary and what may be shown of them (`summary_cells`): one hide flag per pathway ×
// provider × month × step × setting, shared by every basis, so the pattern of hidden cells is the same in each
// basis and no basis gives away a count another hides. Every other published aggregate of episodes (variation,
// the steps and distribution endpoints, the report) takes its hidden providers and cells from here.
import { smallCountSql } from '../../schemas/disclosure.ts';
import type { Db } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

export const SUMMARY_CELLS: CellTable = {
  table: 'summary_cells',
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
 * Primary suppression: a cell is hidden when its episodes, or the episodes with any activity in it (whose
 * money the cell's total is), number 1 to threshold − 1 in any basis. Then complementary suppression along
 * every margin. Reads `summary_stats`, writes `summary_cells`.
 */
export async function discloseSummary(db: Db, threshold: number): Promise<void> {
  await db.run(
    `
create or replace temp table summary_cells as
select pathway_id, provider_code, month, step, setting,
  max(n_with_activity) as size,
  bool_or(${smallCountSql('n_episodes', '$threshold')} or ${smallCountSql('n_with_activity', '$threshold')}) as hide
from summary_stats group by all`,
    { threshold },
  );
  await suppressComplementary(db, SUMMARY_CELLS);
}
