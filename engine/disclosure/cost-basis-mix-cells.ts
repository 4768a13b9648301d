// What may be shown of provider_cost_basis_mix (`cost_basis_mix_cells`). Each provider's slices by cost basis add
// up to its all-months total, which pathway_summary publishes (or hides): that total is the margin. A slice is
// hidden when the episodes whose money it holds number 1 to threshold − 1, or when the summary hides the
// provider; then complementary suppression against the total, so no lone slice can be worked out from it. The
// slices publish money, so only a slice with money in it protects another.
import { smallCountSql } from '../../schemas/disclosure.ts';
import type { Db } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

const MIX_CELLS: CellTable = {
  table: 'cost_basis_mix_cells',
  keys: ['pathway_id', 'provider_code', 'cost_basis'],
  margins: [{ column: 'cost_basis', total: 'all' }],
};

/** Each slice, hidden when small or when the summary hides its provider (`m` the slice, then a where clause). */
const SLICES = `
select m.pathway_id, m.provider_code, m.cost_basis, m.n_episodes as size,
  ${smallCountSql('m.n_episodes', '$threshold')} or coalesce(h.hide, true) as hide
from cost_basis_mix_stats m
left join summary_cells h on h.pathway_id = m.pathway_id and h.provider_code = m.provider_code and h.month = 'all' and h.step = 'all' and h.setting = 'all'`;

/** Reads `cost_basis_mix_stats` and the summary's hidden cells (summary_cells); writes `cost_basis_mix_cells`. */
export async function discloseCostBasisMix(db: Db, threshold: number): Promise<void> {
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
