// Complementary suppression over a table of cells linked by published margins (a total row such as the ICB, or
// "all" months). Along each margin, a group is the margin cell and its children (all other keys equal); the margin
// is the sum of its children. A group with exactly one hidden cell gives that cell away by subtraction, so one
// more cell of the group is hidden: the smallest shown child with something in it (the margin only when no child
// is left; a cell another output publishes only when nothing else is left). Hiding a cell can leave a lone hidden
// cell in a group along another margin, so the rounds repeat until no group along any margin has exactly one
// hidden cell.
import { type Db, quoteIdent } from '../db.ts';

export interface Margin {
  /** The key column the margin runs along. */
  column: string;
  /** The value of that column on the margin (total) cell, e.g. 'ICB' or 'all'. */
  total: string;
}

export interface CellTable {
  /** A table with the key columns, a numeric `size` column and a boolean `hide` (primary suppression set). */
  table: string;
  keys: readonly string[];
  margins: readonly Margin[];
  /**
   * A boolean column marking cells another output publishes: hiding one protects nothing, so another complement
   * is taken wherever the group has one (a locked cell only as the last resort).
   */
  locked?: string;
}

/** Rounds are bounded by the cells (each round hides at least one); this guards against a logic error only. */
const MAX_ROUNDS = 10_000;

/** Hides complementary cells in place; returns how many it hid. */
export async function suppressComplementary(db: Db, cells: CellTable): Promise<number> {
  let hidden = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = 0;
    for (const margin of cells.margins) changed += await hideComplements(db, cells, margin);
    if (changed === 0) return hidden;
    hidden += changed;
  }
  throw new Error(`complementary suppression of ${cells.table} did not settle in ${MAX_ROUNDS} rounds`);
}

/** One round along one margin: in each group with a lone hidden cell, hide the chosen complement. */
async function hideComplements(db: Db, cells: CellTable, margin: Margin): Promise<number> {
  const table = quoteIdent(cells.table);
  const group = cells.keys.filter((k) => k !== margin.column).map(quoteIdent);
  const along = quoteIdent(margin.column);
  const keyMatch = cells.keys.map((k) => `t.${quoteIdent(k)} = c.${quoteIdent(k)}`).join(' and ');
  await db.run(
    `
create or replace temp table disclosure_picks as
with lone as (
  -- without its total a group is no sum, and a lone hidden cell in it gives nothing away
  select ${group.join(', ')} from ${table} group by all
  having count(*) filter (where hide) = 1 and count(*) filter (where ${along} = $total) > 0
), candidates as (
  select t.*, row_number() over (partition by ${group.map((g) => `t.${g}`).join(', ')} order by ${cells.locked ? `t.${quoteIdent(cells.locked)}, ` : ''}t.${along} = $total, t.size, t.${along}) as pick
  from ${table} t semi join lone l using (${group.join(', ')})
  where not t.hide and t.size > 0
)
select ${cells.keys.map(quoteIdent).join(', ')} from candidates where pick = 1`,
    { total: margin.total },
  );
  const { n } = await db.one<{ n: number }>(`select count(*)::integer as n from disclosure_picks`);
  if (n > 0) await db.run(`update ${table} t set hide = true from disclosure_picks c where ${keyMatch}`);
  return n;
}

/**
 * Spreads `locked` (published elsewhere) to the cells that hold the same money: the only child of a locked margin,
 * and a margin whose only child is locked, along every margin until stable. Returns how many it locked.
 */
export async function spreadLocks(db: Db, cells: CellTable & { locked: string }): Promise<number> {
  const table = quoteIdent(cells.table);
  const locked = quoteIdent(cells.locked);
  let total = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = 0;
    for (const margin of cells.margins) {
      const group = cells.keys.filter((k) => k !== margin.column).map(quoteIdent);
      const along = quoteIdent(margin.column);
      await db.run(
        `
create or replace temp table disclosure_locks as
with single as (
  -- a margin and its one child: the same money twice
  select ${group.join(', ')} from ${table} group by all
  having count(*) filter (where ${along} <> $total) = 1 and count(*) filter (where ${along} = $total) = 1 and bool_or(${locked})
)
select ${cells.keys.map((k) => `t.${quoteIdent(k)}`).join(', ')} from ${table} t join single s using (${group.join(', ')}) where not t.${locked}`,
        { total: margin.total },
      );
      const { n } = await db.one<{ n: number }>(`select count(*)::integer as n from disclosure_locks`);
      if (n > 0) await db.run(`update ${table} t set ${locked} = true from disclosure_locks c where ${cells.keys.map((k) => `t.${quoteIdent(k)} = c.${quoteIdent(k)}`).join(' and ')}`);
      changed += n;
    }
    if (changed === 0) return total;
    total += changed;
  }
  throw new Error(`locks of ${cells.table} did not settle in ${MAX_ROUNDS} rounds`);
}
