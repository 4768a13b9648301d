// What may be shown of a scenario (`scenario_cells`): one hide flag per provider × step × setting × unit cell and
// its margins (ICB, all steps, all settings, all units), shared by the baseline, scenario and difference columns.
// Primary: a cell resting on 1 to threshold − 1 episodes. Complementary along every margin (complementary.ts).
// A scenario adds one way in: a change that touched some hidden cells of a group but not others lets the
// margin's difference split the group's hidden total (e.g. 50% off one hidden provider's cell gives that cell
// away, and so does the group's one unchanged hidden cell). Cells are marked with the changes that touched them
// (`sig`). In a group whose hidden changed cells all carry one mark, the baseline and scenario margins split the
// hidden total into that mark's part and the unchanged part: a part of one cell gives it away, so another changed
// cell (or unchanged, for the unchanged part) is hidden, or with none the margin; the rounds repeat with the
// complements until stable.
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

const MAX_ROUNDS = 1000;

/**
 * Sets the primary flag from `size` and from `hiddenElsewhere` (cells another output hides: the ICB cells
 * pathway_summary hides, which hold the same money, or the summary's shown margins less the scenario's shown
 * cells would give them), then hides complements and split margins until stable. Table exists.
 */
export async function discloseScenario(db: Db, threshold: number, hiddenElsewhere?: string): Promise<void> {
  await db.run(`update scenario_cells set hide = ${smallCountSql('size', '$threshold')}`, { threshold });
  if (hiddenElsewhere) {
    const match = SCENARIO_CELLS.keys.map((k) => `c.${quoteIdent(k)} = h.${quoteIdent(k)}`).join(' and ');
    await db.run(`update scenario_cells c set hide = true from ${quoteIdent(hiddenElsewhere)} h where ${match}`);
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let hid = 0;
    for (const margin of SCENARIO_CELLS.margins) hid += await hideLoneMarks(db, margin.column, margin.total);
    hid += await suppressComplementary(db, SCENARIO_CELLS);
    if (hid === 0) return;
  }
  throw new Error(`scenario disclosure did not settle in ${MAX_ROUNDS} rounds`);
}

/**
 * Along one margin, in each group whose margin is shown and whose hidden changed children carry one mark: where
 * that mark's part or the unchanged part holds one hidden cell, hide the smallest shown changed child (unchanged
 * child for the unchanged part); where there is none, hide the margin. Returns how many cells it hid.
 */
async function hideLoneMarks(db: Db, column: string, total: string): Promise<number> {
  const group = SCENARIO_CELLS.keys.filter((k) => k !== column).map(quoteIdent);
  const along = quoteIdent(column);
  const on = (a: string, b: string) => group.map((g) => `${a}.${g} = ${b}.${g}`).join(' and ');
  await db.run(
    `
create or replace temp table scenario_picks as
with open_groups as (
  select ${group.join(', ')} from scenario_cells where ${along} = $total and not hide
), counts as (
  select ${group.join(', ')}, sig, count(*) filter (where hide) as hidden from scenario_cells c semi join open_groups o using (${group.join(', ')})
  where ${along} <> $total group by all
), one_change as (
  -- with two or more marks among the hidden changed cells, the difference is one sum of unlike terms
  select ${group.join(', ')} from counts group by all having count(*) filter (where hidden > 0 and sig <> '') = 1
), lone as (
  select ${group.join(', ')}, sig from counts semi join one_change using (${group.join(', ')}) where hidden = 1
), mates as (
  -- another changed cell of any mark will do: two marks make the difference a sum of unlike terms
  select c.*, l.sig as lone_sig, row_number() over (partition by ${group.map((g) => `c.${g}`).join(', ')}, l.sig order by c.size, c.${along}) as pick
  from scenario_cells c join lone l on ${on('c', 'l')} and (c.sig = '') = (l.sig = '')
  where c.${along} <> $total and not c.hide and c.size > 0
)
select ${SCENARIO_CELLS.keys.map(quoteIdent).join(', ')} from mates where pick = 1
union
-- no mate: the margin goes, so the group's difference is not published at all
select ${SCENARIO_CELLS.keys.map((k) => (k === column ? '$total' : `l.${quoteIdent(k)}`)).join(', ')} from lone l anti join mates m on ${on('l', 'm')} and l.sig = m.lone_sig`,
    { total },
  );
  const { n } = await db.one<{ n: number }>(`select count(*)::integer as n from scenario_picks`);
  if (n > 0) await db.run(`update scenario_cells t set hide = true from scenario_picks p where ${SCENARIO_CELLS.keys.map((k) => `t.${quoteIdent(k)} = p.${quoteIdent(k)}`).join(' and ')}`);
  return n;
}
