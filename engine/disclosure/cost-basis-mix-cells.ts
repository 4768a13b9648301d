// What may be shown of provider_cost_basis_mix (`cost_basis_mix_cells`). Each provider's slices by cost basis add
// up to its all-months total, which pathway_summary publishes (or hides): that total is the margin. A slice is
// hidden when the episodes whose money it holds number 1 to threshold − 1, or when the summary hides the
// provider, or when exactly one step × setting cell of the provider that the summary hides holds money of its
// basis: a slice is the sum of the provider's cells' money of one basis, so less the shown cells' it would be that
// hidden cell's (e.g. PLICS £64,500 less surgery's shown £60,000 = 3 readmissions, hidden in the
// summary); likewise when those cells are all of one setting or one step whose total the summary hides. Two or
// more such hidden cells give only their sum otherwise, as the summary's own margins do. Then
// complementary suppression against the total, so no lone slice can be worked out from it. The slices publish
// money, so only a slice with money in it protects another.
import { smallCountSql } from '../../schemas/disclosure.ts';
import type { Db } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

const MIX_CELLS: CellTable = {
  table: 'cost_basis_mix_cells',
  keys: ['pathway_id', 'provider_code', 'cost_basis'],
  margins: [{ column: 'cost_basis', total: 'all' }],
};

/**
 * Each slice, hidden when small, when the summary hides its provider, or when its basis has money in a cell the
 * summary hides (`m` the slice, then a where clause).
 */
const SLICES = `
select m.pathway_id, m.provider_code, m.cost_basis, m.n_episodes as size,
  ${smallCountSql('m.n_episodes', '$threshold')} or coalesce(h.hide, true) or x.cost_basis is not null as hide
from cost_basis_mix_stats m
left join summary_cells h on h.pathway_id = m.pathway_id and h.provider_code = m.provider_code and h.month = 'all' and h.step = 'all' and h.setting = 'all'
left join cost_basis_in_hidden_cells x on x.pathway_id = m.pathway_id and x.provider_code = m.provider_code and x.cost_basis = m.cost_basis`;

/**
 * Per anchor provider, the bases whose money in the step × setting cells (all months) the summary hides lies in one
 * of them, or all in one setting or one step whose total the summary hides too: the slice less the shown cells is
 * then that hidden total (a provider's LA unit costs are all its social care, so the slice was its hidden
 * social care cell, and with it the summary's margins gave its hidden mental health away).
 */
const IN_HIDDEN_CELLS = `
create or replace temp table cost_basis_in_hidden_cells as
with held as (
  select e.pathway_id, e.anchor_provider_code as provider_code, s.cost_basis, count(distinct (s.step, s.setting)) as cells,
    count(distinct s.setting) as settings, min(s.setting) as setting, count(distinct s.step) as steps, min(s.step) as step
  from episode_step_cost s join episode e using (episode_id)
  join summary_cells h on h.pathway_id = e.pathway_id and h.provider_code = e.anchor_provider_code and h.month = 'all'
    and h.step = s.step and h.setting = s.setting
  where h.hide and s.cost_gbp <> 0
  group by all
)
select x.pathway_id, x.provider_code, x.cost_basis from held x
left join summary_cells bs on bs.pathway_id = x.pathway_id and bs.provider_code = x.provider_code and bs.month = 'all' and bs.step = 'all' and bs.setting = x.setting
left join summary_cells bt on bt.pathway_id = x.pathway_id and bt.provider_code = x.provider_code and bt.month = 'all' and bt.step = x.step and bt.setting = 'all'
where x.cells = 1 or (x.settings = 1 and coalesce(bs.hide, false)) or (x.steps = 1 and coalesce(bt.hide, false))`;

/** Reads `cost_basis_mix_stats` and the summary's hidden cells (summary_cells); writes `cost_basis_mix_cells`. */
export async function discloseCostBasisMix(db: Db, threshold: number): Promise<void> {
  await db.run(IN_HIDDEN_CELLS);
  await db.run(
    `
create or replace temp table cost_basis_mix_cells as
${SLICES} where m.cost_gbp <> 0
union all
-- the margin: the provider's total as the summary shows or hides it
select h.pathway_id, h.provider_code, 'all', h.size, h.hide from summary_cells h
semi join cost_basis_mix_stats m on m.pathway_id = h.pathway_id and m.provider_code = h.provider_code
where h.month = 'all' and h.step = 'all' and h.setting = 'all'`,
    { threshold },
  );
  await suppressComplementary(db, MIX_CELLS);
  // a slice of £0 (not_attended always is) adds nothing to the total, so it is no part of the sum: hidden when
  // small, but never counted as the second hidden slice beside one with money
  await db.run(`insert into cost_basis_mix_cells ${SLICES} where m.cost_gbp = 0`, { threshold });
}
