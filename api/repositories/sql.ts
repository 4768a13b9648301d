// Small helpers shared by the repositories. Identifiers come from our own table specs (quoted all the same);
// every value from a request is a `$name` parameter.
import { type TableSpec, quoteIdent } from '../../schemas/define.ts';
import type { Page } from '../../schemas/api/common.ts';
import { smallCountSql } from '../../schemas/disclosure.ts';

/**
 * A count the build's threshold forbids, as SQL over the bound `$min_shown` (the manifest's
 * suppression_threshold): the API re-checks every count, so a small row shows no numbers even if it reached a
 * table unmarked.
 */
export const isSmall = (expr: string): string => smallCountSql(expr, '$min_shown');

/**
 * Select list for a table's columns in the JSON shape its zod row expects: BIGINT counts as INTEGER and
 * DECIMAL money as DOUBLE (the JSON reader returns both as strings otherwise).
 */
export function selectColumns(spec: TableSpec, alias = '', omit: readonly string[] = []): string {
  const prefix = alias ? `${alias}.` : '';
  return Object.entries(spec.columns)
    .filter(([name]) => !omit.includes(name))
    .map(([name, c]) => {
      const col = `${prefix}${quoteIdent(name)}`;
      if (c.kind === 'integer') return `${col}::integer as ${quoteIdent(name)}`;
      if (c.kind === 'money') return `${col}::double as ${quoteIdent(name)}`;
      if (c.kind === 'date') return `strftime(${col}, '%Y-%m-%d') as ${quoteIdent(name)}`;
      return `${col} as ${quoteIdent(name)}`;
    })
    .join(',\n  ');
}

const NUMERIC = new Set(['integer', 'decimal', 'money']);

/**
 * Select list for a table with small-number suppression: when `hide` (a boolean column of the source) is true,
 * every number (counts, money, ratios, limits) and any `alsoHide` column is null, and `suppressed` is `hide`.
 * Derived from the spec, so a column the engine adds later is suppressed too.
 */
export function suppressedColumns(spec: TableSpec, options: { alsoHide?: readonly string[]; keep?: readonly string[] } = {}): string {
  const { alsoHide = [], keep = [] } = options;
  const list = Object.entries(spec.columns).map(([name, c]) => {
    const id = quoteIdent(name);
    if (name === 'suppressed') return `hide as ${id}`;
    const cast = c.kind === 'integer' ? `${id}::integer` : NUMERIC.has(c.kind) ? `${id}::double` : id;
    const hidden = (NUMERIC.has(c.kind) && !keep.includes(name)) || alsoHide.includes(name);
    return hidden ? `case when hide then null else ${cast} end as ${id}` : `${cast} as ${id}`;
  });
  if (!('suppressed' in spec.columns)) list.push('hide as suppressed');
  return list.join(',\n  ');
}

/** Optional filters are bound as NULL, and each query reads `($x is null or col = $x)`. */
export function opt<T>(value: T | undefined): T | null {
  return value ?? null;
}

export interface PageQuery {
  limit: number;
  offset: number;
}

export function toPage<T>(items: T[], q: PageQuery, total: number): Page<T> {
  const next = q.offset + items.length;
  return { items, total, limit: q.limit, offset: q.offset, next_offset: next < total ? next : null };
}

/**
 * Rows carry `_total` (count(*) over ()) and it becomes the page's total. A page past the end has no row to
 * carry it, so then the count runs on its own.
 */
export async function pageOrCount<T>(rows: Array<T & { _total: number }>, q: PageQuery, count: () => Promise<number>): Promise<Page<T>> {
  const total = rows.length ? Number(rows[0]._total) : q.offset === 0 ? 0 : await count();
  return toPage(rows.map(({ _total, ...row }) => row as T), q, total);
}
