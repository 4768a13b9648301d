// What may be shown of a scenario (`scenario_cells`): one hide flag per provider × step × setting × unit cell and
// its margins (ICB, all steps, all settings, all units), shared by the baseline, scenario and difference columns.
// Primary: a cell resting on 1 to threshold − 1 episodes. Complementary along every margin (complementary.ts).
// It is worked out on the baseline alone, so every run of every scenario hides the same cells: a pattern that
// followed the changes would show in one run a baseline another run hides (two runs, one margin, one cell
// left). The changes then leave the hidden cells at baseline (engine/scenarios), so no margin's difference
// holds any part of a hidden cell's cost.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { type Db, quoteIdent } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';

export const SCENARIO_CELLS: CellTable = {
  table: 'scenario_cells',
  keys: ['provider_code', 'step', 'setting', 'unit'],
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'step', total: 'all' },
    { column: 'setting', total: 'all' },
    { column: 'unit', total: 'all' },
  ],
};

/**
 * Sets the primary flag from `size` and from `hiddenElsewhere` (cells another output hides: the ICB cells
 * pathway_summary hides, which hold the same money, or the summary's shown margins less the scenario's shown
 * cells would give them), then hides complements until stable. Table exists.
 */
export async function discloseScenario(db: Db, threshold: number, hiddenElsewhere?: string): Promise<void> {
  await db.run(`update scenario_cells set hide = ${smallCountSql('size', '$threshold')}`, { threshold });
  if (hiddenElsewhere) {
    const match = SCENARIO_CELLS.keys.map((k) => `c.${quoteIdent(k)} = h.${quoteIdent(k)}`).join(' and ');
    await db.run(`update scenario_cells c set hide = true from ${quoteIdent(hiddenElsewhere)} h where ${match}`);
  }
  await suppressComplementary(db, SCENARIO_CELLS);
}
