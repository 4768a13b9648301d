// Complementary (secondary) suppression for a table of cells whose row and column totals are published
// elsewhere: a provider's total is in /api/summary, and the ICB row is the sum of the providers. With exactly
// one hidden cell in a row or column, that cell is the published total minus the shown cells, so one more
// (the smallest shown) is hidden, repeated until no row or column has a lone hidden cell.

export interface Cell {
  row: string;
  col: string;
  n: number;
  total: number;
  hide: boolean;
}

/** Rows whose margin is the sum of the other rows (the ICB row). */
export function suppressComplementary<C extends Cell>(cells: C[], marginRow: string): C[] {
  const margin = new Map(cells.filter((c) => c.row === marginRow).map((c) => [c.col, c]));
  const inner = cells.filter((c) => c.row !== marginRow);
  const groups = [...groupBy(inner, (c) => `r:${c.row}`).values(), ...[...groupBy(inner, (c) => c.col)].filter(([col]) => margin.has(col) && !margin.get(col)!.hide).map(([, g]) => g)];
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const shown = group.filter((c) => !c.hide);
      if (group.length - shown.length !== 1 || shown.length === 0) continue;
      // The complement is the smallest non-empty cell: an empty cell hides nothing, as zeros are often guessable.
      shown.sort((a, b) => Number(a.n === 0) - Number(b.n === 0) || a.n - b.n || a.total - b.total || `${a.row}|${a.col}`.localeCompare(`${b.row}|${b.col}`))[0].hide = true;
      changed = true;
    }
  }
  return cells;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
