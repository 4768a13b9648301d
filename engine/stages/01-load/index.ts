// Stage 1 — load: find each feed's files, check their header against the canonical columns (after mapping),
// and expose every feed as a view `raw_<feed>` of text columns, with the file and line of each row.
// Rows are read by DuckDB when stage 2 scans the view; nothing is copied here.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ColumnSpec, type TableSpec, duckdbType } from '../../../schemas/define.ts';
import { FEEDS } from '../../../schemas/feeds/index.ts';
import { type Db, quoteIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import type { FeedMapping, Mapping } from '../../../schemas/mapping.ts';
import { findBlankLines } from './blank-lines.ts';
import { readCsvHeader } from './csv-header.ts';
import { type FileStamp, stampOf } from './unchanged-inputs.ts';

export interface FeedFile {
  path: string;
  format: 'csv' | 'parquet';
  /** Name of the DuckDB table holding the CSV reader's rejected lines for this file. */
  rejectsTable?: string;
  /** 1-based field of each canonical column in this file's header (CSV), to read ids from rejected lines. */
  fields?: Record<string, number>;
  /**
   * Data lines that are blank (CSV): the reader skips them, so stage 2 counts them to find true lines. The
   * search runs while stage 2 works (it reads every byte once, and DuckDB leaves a core part-idle); stage 2
   * awaits it only after its typed pass.
   */
  blankLines?: Promise<number[]>;
  /** The file's rows as text columns (canonical names) plus `source_file`; read in file order. */
  select?: string;
  /** Canonical columns this file's select gives already typed (Parquet columns of the schema's own type). */
  native?: string[];
  /**
   * Parquet: the select with each row's place in the file as one more column, `file_row` (0-based), so that
   * stage 2 need not keep the rows in read order to know their lines. A CSV reader gives no such column.
   */
  placedSelect?: string;
  /** Size and modification time when found, compared again before publishing (assertInputsUnchanged). */
  stamp: FileStamp;
}

export interface LoadedFeed {
  spec: TableSpec;
  files: FeedFile[];
  /** False when the input has no file for this feed: coverage reports it as missing, never as zero cost. */
  present: boolean;
  /** Extract columns that are not part of the canonical contract (kept out, reported). */
  extraColumns: string[];
  /**
   * Optional columns of the contract that some file of the feed lacks (read as empty on its every row, reported):
   * an extract without discharge_date makes every spell open, one without hrg leaves spells unpriced.
   */
  absentColumns: string[];
  mapping?: FeedMapping;
}

export interface LoadOptions {
  input: string;
  mapping?: Mapping;
}

export async function loadFeeds(db: Db, options: LoadOptions): Promise<LoadedFeed[]> {
  const hint = 'Give --input a folder holding one CSV/Parquet file (or folder of files) per feed.';
  if (!existsSync(options.input)) throw new PathcostError('INPUT_NOT_FOUND', `Input folder ${options.input} does not exist.`, hint);
  if (!statSync(options.input).isDirectory()) throw new PathcostError('INPUT_NOT_FOUND', `--input ${options.input} is a file, not a folder.`, `${hint} Its folder is ${dirname(options.input)}.`);
  const loaded: LoadedFeed[] = [];
  for (const [i, spec] of FEEDS.entries()) {
    const mapping = options.mapping?.feeds[spec.name];
    const files = await findFeedFiles(options.input, spec.name, mapping);
    files.forEach((f, j) => {
      if (f.format === 'csv') f.rejectsTable = `rejects_${i}_${j}`;
    });
    const feed: LoadedFeed = { spec, files, present: files.length > 0, extraColumns: [], absentColumns: [], mapping };
    await createRawView(db, feed);
    loaded.push(feed);
  }
  return loaded;
}

/**
 * A feed's files: `<name>.csv`, `<name>.parquet` or a folder `<name>/` of them, the name ignoring case (an
 * extract saved as `Patients.CSV` is the patients feed). What no feed reads is listed by `unrecognisedFiles`.
 */
async function findFeedFiles(input: string, feed: string, mapping?: FeedMapping): Promise<FeedFile[]> {
  const named = join(input, mapping?.file ?? feed);
  const folder = dirname(named);
  if (!existsSync(folder)) return [];
  const stem = basename(named).toLowerCase();
  const wanted = new Set([`${stem}.csv`, `${stem}.parquet`, stem]);
  const candidates = (await readdir(folder)).filter((n) => wanted.has(n.toLowerCase())).sort().map((n) => join(folder, n));
  const found: string[] = [];
  for (const path of candidates) {
    if (statSync(path).isDirectory()) {
      const inner = (await readdir(path)).filter((n) => /\.(csv|parquet)$/i.test(n)).sort();
      found.push(...inner.map((n) => join(path, n)));
    } else found.push(path);
  }
  return Promise.all(found.map(async (path) => ({ path, format: /\.parquet$/i.test(path) ? 'parquet' : 'csv', stamp: await stampOf(path) })));
}

/** Canonical column → its column in the file's header (after mapping), checking required columns are there. */
function matchColumns(feed: LoadedFeed, file: string, header: string[]): Map<string, string> {
  const { spec, mapping } = feed;
  const byLower = new Map(header.map((h) => [h.trim().toLowerCase(), h]));
  const matched = new Map<string, string>();
  for (const [name, column] of Object.entries(spec.columns)) {
    const wanted = mapping?.columns[name] ?? name;
    const source = byLower.get(wanted.trim().toLowerCase());
    if (source === undefined) {
      if (column.required) {
        throw new PathcostError(
          'MISSING_COLUMN',
          `Feed ${spec.name} has no column "${wanted}"${wanted !== name ? ` (mapped to ${name})` : ''}; the header has: ${header.slice(0, 30).join(', ')}.`,
          `Add the column, or map your extract's column onto "${name}" in a mapping file (--mapping). Check the delimiter is "," (or set "delimiter" in the mapping).`,
          { feed: spec.name, file, row: 1, column: wanted },
        );
      }
      if (!feed.absentColumns.includes(name)) feed.absentColumns.push(name);
      continue;
    }
    matched.set(name, source);
  }
  const used = new Set(matched.values());
  feed.extraColumns.push(...header.filter((h) => !used.has(h) && !feed.extraColumns.includes(h)));
  return matched;
}

/**
 * Canonical column → expression over the file's own columns (text, mapped and recoded); a column listed in
 * `native` is passed through with its own type.
 */
function columnExpressions(feed: LoadedFeed, matched: Map<string, string>, asText: (source: string) => string, native: string[] = []): string[] {
  return Object.keys(feed.spec.columns).map((name) => {
    const source = matched.get(name);
    if (source === undefined) return `null::varchar as ${quoteIdent(name)}`;
    if (native.includes(name)) return `${quoteIdent(source)} as ${quoteIdent(name)}`;
    return `${recode(asText(source), feed.mapping?.values[name])} as ${quoteIdent(name)}`;
  });
}

const TYPED_KINDS: ReadonlySet<ColumnSpec['kind']> = new Set(['date', 'timestamp', 'integer', 'decimal', 'money', 'boolean']);

/**
 * Canonical columns a Parquet file already holds in the schema's own type (DATE, DOUBLE, DECIMAL(18,2)…): read as
 * they are rather than printed as text and parsed back, which was a fifth of validating a Parquet feed. A value
 * of that type is never a bad type; its range and date checks still run. Recoded columns stay text.
 */
function nativeColumns(feed: LoadedFeed, matched: Map<string, string>, types: Map<string, string>): string[] {
  return [...matched].filter(([name, source]) => {
    const column = feed.spec.columns[name];
    return TYPED_KINDS.has(column.kind) && types.get(source) === duckdbType(column) && !feed.mapping?.values[name];
  }).map(([name]) => name);
}

/** Local values recoded onto canonical ones; values come from a mapping file, so they are quoted by the driver. */
function recode(expr: string, values?: Record<string, string>): string {
  if (!values || Object.keys(values).length === 0) return expr;
  const whens = Object.entries(values).map(([from, to]) => `when ${sqlString(from)} then ${sqlString(to)}`);
  return `case trim(${expr}) ${whens.join(' ')} else ${expr} end`;
}

async function fileSelect(db: Db, feed: LoadedFeed, file: FeedFile): Promise<string> {
  const path = sqlString(file.path);
  if (file.format === 'parquet') {
    const described = await db.all<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe select * from read_parquet(${path}))`).catch((err: Error) => {
      throw new PathcostError('BAD_FILE', `Not a readable Parquet file: ${err.message.split('\n')[0]}`, 'Write the file again as Parquet (or give it a .csv name if it is CSV).', { feed: feed.spec.name, file: file.path });
    });
    const types = new Map(described.map((r) => [r.column_name, r.column_type]));
    // Code lists may be Parquet lists (DESIGN appendix): joined with ';' they read like the CSV form.
    const asText = (c: string) => (/\]$/.test(types.get(c)!) ? `array_to_string(cast(${quoteIdent(c)} as varchar[]), ';')` : `cast(${quoteIdent(c)} as varchar)`);
    const matched = matchColumns(feed, file.path, [...types.keys()]);
    file.native = nativeColumns(feed, matched, types);
    const cols = columnExpressions(feed, matched, asText, file.native);
    const select = `select ${sqlString(basename(file.path))} as source_file, ${cols.join(', ')}`;
    // DuckDB cannot add the row number to a file with a column of that name: such a file is written in order
    if (![...types.keys()].some((c) => c.toLowerCase() === 'file_row_number')) {
      file.placedSelect = `${select}, file_row_number as file_row from read_parquet(${path}, file_row_number = true)`;
    }
    return `${select} from read_parquet(${path})`;
  }
  const delimiter = feed.mapping?.delimiter ?? ',';
  const header = await readCsvHeader(file.path, delimiter, feed.spec.name);
  const matched = matchColumns(feed, file.path, header);
  file.fields = Object.fromEntries([...matched].map(([name, source]) => [name, header.indexOf(source) + 1]));
  file.blankLines = findBlankLines(file.path, feed.spec.name, delimiter);
  // Its error (a double-spaced file) is raised where stage 2 awaits it, not as an unhandled rejection now.
  file.blankLines.catch(() => undefined);
  const cols = columnExpressions(feed, matched, (c) => quoteIdent(c));
  // Every column is read as text: stage 2 casts and reports bad values per row instead of failing the file.
  // Malformed lines (ragged, bad encoding) go to the rejects table and become quarantine rows.
  // auto_detect = false: the dialect is given in full, so the sniffer never fails a file on a few bad lines
  // (an unterminated quote or a stray CR in its sample) — those lines are rejected like any other.
  const columns = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}}`;
  const read = `read_csv(${path}, auto_detect = false, header = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"', columns = ${columns}, store_rejects = true, rejects_table = ${sqlString(file.rejectsTable!)}, rejects_scan = ${sqlString(`${file.rejectsTable}_scan`)}, strict_mode = true, null_padding = false, parallel = true)`;
  // No line number here: row_number() over () would serialise the whole read onto one thread. Stage 2 stores
  // each file's rows in read order and takes the line from the row's position (shifted past rejected lines).
  return `select ${sqlString(basename(file.path))} as source_file, ${cols.join(', ')} from ${read}`;
}

/** No rows, with the feed's text columns: what an absent feed reads as. */
export function emptyFeedSelect(spec: TableSpec): string {
  const cols = Object.keys(spec.columns).map((c) => `null::varchar as ${quoteIdent(c)}`);
  return `select null::varchar as source_file, ${cols.join(', ')} where false`;
}

async function createRawView(db: Db, feed: LoadedFeed): Promise<void> {
  const view = quoteIdent(`raw_${feed.spec.name}`);
  const selects: string[] = [];
  for (const file of feed.files) {
    file.select = await fileSelect(db, feed, file);
    selects.push(file.select);
  }
  if (selects.length === 0) selects.push(emptyFeedSelect(feed.spec));
  await db.run(`create or replace view ${view} as ${selects.join('\nunion all\n')}`);
}
