// The audit that complementary suppression alone does not make: whether any hidden cell can be worked out by
// combining margins. complementary.ts leaves no group with one hidden cell, but in a table of several keys the
// groups of two margins can be combined: the ICB's total less its shown providers is the sum of the hidden ones,
// and if the ICB's community and social care cells are the sums of the hidden community and social care
// providers, what is left is the one hidden mental health provider (a reviewer's case, one episode's cost).
//
// Each group is an equation, its margin cell less the sum of its children = 0; the shown cells are known, so the
// unknowns are the hidden ones. A hidden cell can be worked out exactly when every solution of the equations over
// the hidden cells gives it 0 (echelon.ts).
import { type Db, listParam, quoteIdent } from '../db.ts';
import { type CellTable, suppressComplementary } from './complementary.ts';
import { GrowingEchelon } from './echelon.ts';

/** Each round hides at least one cell; this guards against a logic error only. */
const MAX_ROUNDS = 1_000;

interface Cell {
  key: string[];
  hide: boolean;
  size: number;
  locked: boolean;
  /** The table's row id: the picks are hidden by it. */
  rowid: number;
}

/** The cells' order, the same in every read: ties in the choice of a cell to hide go the same way in every run. */
const keyOrder = (cells: CellTable) => cells.keys.map((k) => `${quoteIdent(k)}::varchar`).join(', ');

async function readCells(db: Db, cells: CellTable): Promise<Cell[]> {
  const keys = keyOrder(cells);
  const locked = cells.locked ? quoteIdent(cells.locked) : 'false';
  const rows = await db.all<{ key: string[]; hide: boolean; size: number; locked: boolean; rowid: number }>(
    `select [${keys}] as key, hide, coalesce(size, 0)::double as size, coalesce(${locked}, false) as locked, rowid::double as rowid
     from ${quoteIdent(cells.table)} order by ${keys}`,
  );
  return rows.map((r) => ({ ...r, key: [...r.key] }));
}

/** Takes the hide flags the table has now into `all` (read from it, in the same order). */
async function refreshHidden(db: Db, cells: CellTable, all: Cell[]): Promise<void> {
  const rows = await db.all<{ hide: boolean }>(`select hide from ${quoteIdent(cells.table)} order by ${keyOrder(cells)}`);
  rows.forEach((r, i) => (all[i].hide = r.hide));
}

interface Group {
  total: number;
  children: number[];
}

/** Each margin's groups: the margin cell and its children, by the index of each cell in `all`. */
function groupsOf(all: Cell[], cells: CellTable): Group[] {
  const groups: Group[] = [];
  cells.margins.forEach((margin) => {
    const at = cells.keys.indexOf(margin.column);
    const byRest = new Map<string, Group>();
    all.forEach((cell, i) => {
      const rest = JSON.stringify(cell.key.filter((_, j) => j !== at));
      const group = byRest.get(rest) ?? { total: -1, children: [] };
      if (cell.key[at] === margin.total) group.total = i;
      else group.children.push(i);
      byRest.set(rest, group);
    });
    for (const g of byRest.values()) if (g.total >= 0 && g.children.length > 0) groups.push(g);
  });
  return groups;
}

/** The hidden cells of `cells` that the published ones give away by any combination of margins. */
export async function workedOutCells(db: Db, cells: CellTable): Promise<string[][]> {
  const all = await readCells(db, cells);
  return new Audit(all, groupsOf(all, cells)).fixedCells().map((i) => all[i].key);
}

/**
 * The equations of one table's groups over its hidden cells. Hidden cells are only ever added (complementary
 * suppression and the audit hide, nothing shows), so each round brings only its new cells into the echelon form.
 */
class Audit {
  private readonly groupsAt: number[][]; // cell → the groups it is in
  private readonly echelon: GrowingEchelon;
  private readonly cellAt: number[] = []; // column → cell

  constructor(
    private readonly all: Cell[],
    private readonly groups: Group[],
  ) {
    this.groupsAt = all.map(() => []);
    groups.forEach((g, i) => {
      for (const c of [g.total, ...g.children]) this.groupsAt[c].push(i);
    });
    this.echelon = new GrowingEchelon(groups.length);
  }

  /** The indexes in `all` of the hidden cells the groups' equations fix. */
  fixedCells(): number[] {
    const known = new Set(this.cellAt);
    for (const cell of known) if (!this.all[cell].hide) throw new Error('a hidden cell was shown again during the audit');
    // a cell another output publishes is known, hidden here or not; small cells first, as they are in fewer groups
    const unknown = this.all
      .map((c, i) => [c, i] as const)
      .filter(([c, i]) => c.hide && !c.locked && !known.has(i))
      .sort(([a, i], [b, j]) => a.size - b.size || i - j)
      .map(([, i]) => i);
    const coefficients = (cell: number) => new Map(this.groupsAt[cell].map((g) => [g, this.groups[g].total === cell ? 1 : -1]));
    this.echelon.addColumns(unknown.map(coefficients));
    this.cellAt.push(...unknown);
    return this.echelon.determined().map((col) => this.cellAt[col]).sort((a, b) => a - b);
  }

  /**
   * The shown cell to hide beside a cell that can be worked out: in the groups it is in, a shown child, else a
   * shown margin; first one whose other groups hide something already (one that would be alone hidden in a group
   * needs a complement there, which needs its own, and so on), then the smallest. A cell another output publishes
   * is never picked (hiding it hides nothing); where nothing else is left, the cell is given away only through
   * what that output publishes, and its own suppression answers.
   */
  shownBeside(at: number): number | undefined {
    const hiddenIn = (g: number, but: number) => [this.groups[g].total, ...this.groups[g].children].some((c) => c !== but && this.all[c].hide);
    const lone = (c: number) => this.groupsAt[c].filter((g) => !hiddenIn(g, c)).length;
    const shown = this.groupsAt[at]
      .flatMap((g) => [...this.groups[g].children.map((c) => ({ c, child: true })), { c: this.groups[g].total, child: false }])
      .filter(({ c }) => !this.all[c].hide && !this.all[c].locked)
      .map((x) => ({ ...x, lone: lone(x.c) }))
      .sort((a, b) => a.lone - b.lone || Number(b.child) - Number(a.child) || this.all[a.c].size - this.all[b.c].size);
    return shown[0]?.c;
  }
}

/**
 * Complementary suppression, then the audit: while a hidden cell can be worked out, hide one more cell beside each
 * (`shownBeside`) and suppress again. A fixed cell with nothing left beside it to hide (every cell of its groups
 * hidden, or published by another output) is left as it is: the search does not go further out (a search outward
 * never settled on a 1M build), so this audit closes what it can, not every combination. Returns how many cells
 * the audit added.
 */
export async function suppressAudited(db: Db, cells: CellTable): Promise<number> {
  await suppressComplementary(db, cells);
  const all = await readCells(db, cells);
  const audit = new Audit(all, groupsOf(all, cells));
  let added = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const picks = new Set(audit.fixedCells().map((fixed) => audit.shownBeside(fixed)).filter((c) => c !== undefined));
    if (picks.size === 0) return added;
    const rowids = [...picks].map((c) => String(all[c].rowid));
    await db.run(`update ${quoteIdent(cells.table)} set hide = true where list_contains($rowids, rowid::varchar)`, { rowids: listParam(rowids) });
    added += picks.size;
    await suppressComplementary(db, cells);
    await refreshHidden(db, cells, all);
  }
  throw new Error(`the audit of ${cells.table} did not settle in ${MAX_ROUNDS} rounds`);
}
