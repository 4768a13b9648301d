// The counts the provider comparison publishes and what may be shown of them (`comparison_cells`): each
// provider's compared episodes (variation.n_episodes), and the ICB's episodes split into compared and each
// reason for leaving the comparison (comparison_exclusion), whose total is pathway_summary's ICB row.
// A provider hidden in pathway_summary starts hidden here (its n × mean is the total the summary hides); so
// does any count from 1 to threshold − 1, and a provider whose episodes left out number 1 to threshold − 1
// (the summary's count less its compared count), and the ICB's provisional count when /api/provisional hides a
// month holding provisional episodes; then complementary suppression along both margins.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { type Db, listParam } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

/**
 * Whether a month's provisional count (`p` of its `n` episodes, SQL expressions) splits it into a small part:
 * /api/provisional hides such a month, and the ICB's provisional count here is hidden whenever one holds
 * provisional episodes, so both read the rule from here.
 */
export function provisionalSplitSmallSql(p: string, n: string, thresholdParam: string): string {
  return `(${smallCountSql(p, thresholdParam)} or ${smallCountSql(`${n} - ${p}`, thresholdParam)})`;
}

export const COMPARISON_CELLS: CellTable = {
  table: 'comparison_cells',
  keys: ['pathway_id', 'provider_code', 'population'],
  // The ICB's compared episodes are the providers' compared episodes; the ICB's episodes ('all') are its
  // compared episodes and its episodes left out for each reason (each counted under one reason only).
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'population', total: 'all' },
  ],
};

/**
 * Reads comparison_reason and summary_cells (the summary first); writes comparison_cells. `reasons` are the
 * populations of the ICB's split, 'compared' first: each gets a cell, 0 where no episode has it.
 */
export async function discloseComparison(db: Db, threshold: number, reasons: readonly string[]): Promise<void> {
  await db.run(
    `
create or replace temp table comparison_cells as
with summary as (
  select pathway_id, provider_code, hide from summary_cells where month = 'all' and step = 'all' and setting = 'all'
), providers as (
  -- the summary shows a provider's episodes, so its compared count would also give its left-out episodes; a
  -- provider hidden here hides both, so the complements along the ICB row cover the left-out counts too
  select pathway_id, provider_code, 'compared' as population, compared as size,
    hide or ${smallCountSql('compared', '$threshold')} or ${smallCountSql('left_out', '$threshold')} as hide
  from (
    select s.pathway_id, s.provider_code, s.hide,
      count(r.episode_id) filter (where r.reason is null) as compared, count(r.episode_id) filter (where r.reason is not null) as left_out
    from summary s left join comparison_reason r on r.pathway_id = s.pathway_id and r.provider_code = s.provider_code
    where s.provider_code <> 'ICB' group by s.pathway_id, s.provider_code, s.hide
  )
), counted as (
  select pathway_id, coalesce(reason, 'compared') as population, count(*) as size from comparison_reason group by all
), month_hides_provisional as (
  -- /api/provisional hides a month's provisional count when the summary hides the month or either part is
  -- small; the months' counts add up to the ICB's provisional count, and months whose windows have closed are
  -- known to hold none, so that total would give the hidden months' provisional episodes away
  select e.pathway_id from (
    select pathway_id, month, count(*) filter (where status = 'provisional') as p, count(*) as n from episode group by all
  ) e
  left join summary_cells h on h.pathway_id = e.pathway_id and h.provider_code = 'ICB' and h.month = e.month and h.step = 'all' and h.setting = 'all'
  where e.p > 0 and (coalesce(h.hide, true) or ${provisionalSplitSmallSql('e.p', 'e.n', '$threshold')})
), icb as (
  select p.pathway_id, 'ICB' as provider_code, r.population, coalesce(c.size, 0) as size,
    ${smallCountSql('coalesce(c.size, 0)', '$threshold')}
      or (r.population = 'provisional' and p.pathway_id in (select pathway_id from month_hides_provisional)) as hide
  from (select distinct pathway_id from comparison_reason) p cross join (select unnest($reasons) as population) r
  left join counted c on c.pathway_id = p.pathway_id and c.population = r.population
), everyone as (
  select s.pathway_id, 'ICB' as provider_code, 'all' as population, count(r.episode_id) as size, s.hide
  from summary s join comparison_reason r using (pathway_id) where s.provider_code = 'ICB' group by s.pathway_id, s.hide
)
select * from providers union all select * from icb union all select * from everyone`,
    { threshold, reasons: listParam(reasons) },
  );
  await suppressComplementary(db, COMPARISON_CELLS);
}
