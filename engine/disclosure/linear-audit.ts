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

interface Group {
  total: number;
  children: number[];
  /** The index of the margin (and of the key it runs along) in the table's lists. */
  margin: number;
  along: number;
}

/** Each margin's groups: the margin cell and its children, by the index of each cell in `all`. */
function groupsOf(all: Cell[], cells: CellTable): Group[] {
  const groups: Group[] = [];
  cells.margins.forEach((margin, m) => {
    const at = cells.keys.indexOf(margin.column);
    const byRest = new Map<string, Group>();
    all.forEach((cell, i) => {
      const rest = JSON.stringify(cell.key.filter((_, j) => j !== at));
      const group = byRest.get(rest) ?? { total: -1, children: [], margin: m, along: at };
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
  private readonly byMargin: Group[][]; // margin → its groups, in the order complementary suppression takes them
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
    const margins = groups.reduce((n, g) => Math.max(n, g.margin + 1), 0); // not Math.max(...): a spread of 100k+ groups overflows the stack
    this.byMargin = Array.from({ length: margins }, (_, m) => groups.filter((g) => g.margin === m));
  }

  /** The indexes in `all` of the hidden cells the groups' equations fix. */
  fixedCells(): number[] {
    const known = new Set(this.cellAt);
    for (const cell of known) if (!this.all[cell].hide) throw new Error('a hidden cell was shown again during the audit');
    // a cell another output publishes is known, hidden here or not; small cells first (the first elimination fills
    // in less so: on a 1M summary about half the time of the table order)
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
   * Complementary suppression over the cells in memory, by the rule of complementary.ts (which runs it in SQL, for
   * the tables that are not audited): along each margin in turn, every group with one hidden cell hides its first
   * shown cell with something in it, one published elsewhere last, the margin after the children, then the
   * smallest, then by its key; until no group has one. Doing it here spares a round trip to the table per round
   * (on the library's summary, 32 rounds of about 100 ms each).
   */
  hideComplements(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const groups of this.byMargin) {
        const picks: number[] = [];
        for (const g of groups) {
          const members = [g.total, ...g.children];
          if (members.filter((c) => this.all[c].hide).length !== 1) continue;
          const candidates = members.filter((c) => !this.all[c].hide && this.all[c].size > 0);
          if (candidates.length === 0) continue;
          picks.push(candidates.reduce((best, c) => (this.beforeInGroup(g, c, best) ? c : best)));
        }
        for (const c of picks) this.all[c].hide = true;
        changed ||= picks.length > 0;
      }
    }
  }

  /** Whether complementary suppression takes cell a before cell b in group g. */
  private beforeInGroup(g: Group, a: number, b: number): boolean {
    const [x, y] = [this.all[a], this.all[b]];
    const rank = (c: Cell, i: number) => [Number(c.locked), Number(i === g.total), c.size] as const;
    const [ra, rb] = [rank(x, a), rank(y, b)];
    for (let k = 0; k < 3; k++) if (ra[k] !== rb[k]) return ra[k] < rb[k];
    return x.key[g.along] < y.key[g.along];
  }

  /**
   * The shown cell to hide nearest a cell that can be worked out: in the groups it is in, else in the groups of the
   * hidden cells beside it, and so on outward. Among those at the same distance, a child before a margin; first
   * one whose other groups hide something already (one that would be alone hidden in a group needs a complement
   * there, which needs its own, and so on), then the smallest. A cell another output publishes is never picked
   * (hiding it hides nothing): a cell with nothing but those around it is given away only through what that output
   * publishes, and its own suppression answers.
   */
  shownBeside(at: number): number | undefined {
    const hiddenIn = (g: number, but: number) => [this.groups[g].total, ...this.groups[g].children].some((c) => c !== but && this.all[c].hide);
    const lone = (c: number) => this.groupsAt[c].filter((g) => !hiddenIn(g, c)).length;
    const seenGroups = new Set<number>();
    const seenCells = new Set([at]);
    for (let ring = [at]; ring.length > 0; ) {
      const groups = ring.flatMap((c) => this.groupsAt[c]).filter((g) => !seenGroups.has(g) && seenGroups.add(g));
      const members = groups.flatMap((g) => [...this.groups[g].children.map((c) => ({ c, child: true })), { c: this.groups[g].total, child: false }]);
      const shown = members
        .filter(({ c }) => !this.all[c].hide && !this.all[c].locked)
        .map((x) => ({ ...x, lone: lone(x.c) }))
        .sort((a, b) => a.lone - b.lone || Number(b.child) - Number(a.child) || this.all[a.c].size - this.all[b.c].size);
      if (shown.length > 0) return shown[0].c;
      ring = members.map(({ c }) => c).filter((c) => this.all[c].hide && !seenCells.has(c) && seenCells.add(c));
    }
    return undefined;
  }
}

/**
 * Complementary suppression, then the audit: while a hidden cell can be worked out, hide the shown cell nearest
 * each (`shownBeside`) and suppress again. Only a cell with nothing but hidden cells and cells another output
 * publishes around it is left as it is. Returns how many cells the audit hid (picks and their complements).
 */
export async function suppressAudited(db: Db, cells: CellTable): Promise<number> {
  await suppressComplementary(db, cells);
  const all = await readCells(db, cells);
  const hiddenBefore = all.map((c) => c.hide);
  const audit = new Audit(all, groupsOf(all, cells));
  // each round hides at least one cell, so there are no more rounds than cells
  for (let round = 0; round <= all.length; round++) {
    const picks = audit.fixedCells().map((fixed) => audit.shownBeside(fixed)).filter((c) => c !== undefined);
    if (picks.length === 0) {
      const added = all.flatMap((c, i) => (c.hide && !hiddenBefore[i] ? [String(c.rowid)] : []));
      if (added.length > 0) await db.run(`update ${quoteIdent(cells.table)} set hide = true where list_contains($rowids, rowid::varchar)`, { rowids: listParam(added) });
      return added.length;
    }
    for (const c of picks) all[c].hide = true;
    audit.hideComplements();
  }
  throw new Error(`the audit of ${cells.table} did not settle in ${all.length + 1} rounds`);
}
