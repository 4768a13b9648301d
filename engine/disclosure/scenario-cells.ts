// What may be shown of a scenario (`scenario_cells`): one hide flag per provider × step × setting × unit cell and
// its margins (ICB, all steps, all settings, all units), shared by the baseline, scenario and difference columns.
// Primary: a cell resting on 1 to threshold − 1 episodes. Complementary along every margin (complementary.ts),
// then the audit across margins (linear-audit.ts): four keys give combinations of groups that no one margin shows.
// It is worked out on the baseline alone, so every run of every scenario hides the same cells: a pattern that
// followed the changes would show in one run a baseline another run hides (two runs, one margin, one cell
// left). The changes then leave the hidden cells at baseline (engine/scenarios), so no margin's difference
// holds any part of a hidden cell's cost.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { type Db, quoteIdent } from '../db.ts';
import { type CellTable, spreadLocks } from './complementary.ts';
import { suppressAudited } from './linear-audit.ts';

export const SCENARIO_CELLS: CellTable & { locked: string } = {
  table: 'scenario_cells',
  locked: 'locked',
  keys: ['provider_code', 'step', 'setting', 'unit'],
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'step', total: 'all' },
    { column: 'setting', total: 'all' },
    { column: 'unit', total: 'all' },
  ],
};

/**
 * Sets the primary flag from `size` and from `summary`, the ICB's step × setting cells (all units) of
 * pathway_summary with its `suppressed` flag: the scenario's ICB cells hold the same money, so a cell the summary
 * hides is hidden (the summary hides a cell small on any basis, or as its complement, which the scenario's own
 * rules would not), and one it shows is locked (`locked`), with every cell holding the same money (an only child,
 * a margin of one child): hiding it as a complement would protect nothing, since the summary publishes its money
 * (e.g. the ICB's prescribing is all items, so a complement of ICB prescribing items left the ICB's items less it
 * as 5 episodes' social care items). Locks too the cells the reconciliation's rows add up to (a provider's
 * setting over the period: hidden here, 29 cells of knee on 20,000 generated patients could be worked out from
 * them). Then hides complements until no combination of margins gives a hidden cell away. Table exists.
 */
export async function discloseScenario(db: Db, threshold: number, published?: { summary: string; reconciled: string }): Promise<void> {
  await db.run(`update scenario_cells set hide = ${smallCountSql('size', '$threshold')}`, { threshold });
  if (published) await followPublished(db, published.summary, published.reconciled);
  await suppressAudited(db, SCENARIO_CELLS);
}

/**
 * Hides what the summary hides; locks what it shows, and what the reconciliation's rows add up to (`reconciled`, its
 * cells of all steps and units: a provider's setting over the period), and every cell holding the same money as a
 * locked one.
 */
async function followPublished(db: Db, summary: string, reconciled: string): Promise<void> {
  const match = (t: string) => SCENARIO_CELLS.keys.map((k) => `c.${quoteIdent(k)} = ${t}.${quoteIdent(k)}`).join(' and ');
  await db.run(`update scenario_cells c set hide = true from ${quoteIdent(summary)} h where h.suppressed and ${match('h')}`);
  await db.run(`update scenario_cells c set locked = true from ${quoteIdent(summary)} h where not h.suppressed and ${match('h')}`);
  await db.run(`update scenario_cells c set locked = true from ${quoteIdent(reconciled)} r where ${match('r')}`);
  await spreadLocks(db, SCENARIO_CELLS);
}
