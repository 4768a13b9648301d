// The counts the PROMs tables publish and what may be shown of them (`outcome_cells`): per pathway × anchor
// provider (and the ICB, their sum) the eligible episodes, those with a pre-op questionnaire, linked pairs and the
// linked episodes of each measure (the core counts, from which every published mean and rate is made, and the
// differences of nested ones: episodes without a pre-op questionnaire, with one but not linked, linked without a
// measure, and the summary's episodes not yet eligible, which subtraction of two published counts gives), and two
// minor counts: post-op questionnaires outside the window and unlinked records. A provider is hidden whole —
// every count and figure — when pathway_summary hides it or any of its core counts is from 1 to threshold − 1; a
// minor count is hidden alone when small (it is small by nature and feeds no other figure). Then complementary
// suppression along the provider margin, a core cell hidden spreading again to its whole provider, until no
// group along the margin has a lone hidden cell.
import { smallCountSql } from '../../schemas/disclosure.ts';
import type { Db } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

export const OUTCOME_CELLS: CellTable = {
  table: 'outcome_cells',
  keys: ['pathway_id', 'provider_code', 'population'],
  margins: [{ column: 'provider_code', total: 'ICB' }],
};

/** Rounds of "hide the whole provider, then its complements": each hides at least one provider, so few. */
const MAX_ROUNDS = 1000;

/** Reads outcome_counts (pathway_id, provider_code, population, size) and summary_cells; writes outcome_cells. */
export async function discloseOutcomes(db: Db, threshold: number): Promise<void> {
  await db.run(
    `
create or replace temp table outcome_cells as
with summary as (
  select pathway_id, provider_code, hide from summary_cells where month = 'all' and step = 'all' and setting = 'all'
), flagged as (
  select c.pathway_id, c.provider_code, c.population, c.size, c.population not in ('outside_window', 'unlinked_records') as core,
    coalesce(s.hide, true) or bool_or(c.population not in ('outside_window', 'unlinked_records') and ${smallCountSql('c.size', '$threshold')})
      over (partition by c.pathway_id, c.provider_code) as provider_hide,
    ${smallCountSql('c.size', '$threshold')} as small
  from outcome_counts c left join summary s using (pathway_id, provider_code)
)
select pathway_id, provider_code, population, size, core, provider_hide or small as hide from flagged`,
    { threshold },
  );
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await suppressComplementary(db, OUTCOME_CELLS);
    const { n } = await db.one<{ n: number }>(`
with hidden as (select distinct pathway_id, provider_code from outcome_cells where hide and core)
select count(*)::integer as n from outcome_cells c semi join hidden h using (pathway_id, provider_code) where not c.hide`);
    if (n === 0) return;
    await db.run(`
update outcome_cells c set hide = true
from (select distinct pathway_id, provider_code from outcome_cells where hide and core) h
where h.pathway_id = c.pathway_id and h.provider_code = c.provider_code`);
  }
  throw new Error(`outcome suppression did not settle in ${MAX_ROUNDS} rounds`);
}
