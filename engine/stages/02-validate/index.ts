// Stage 2 — validate: one pass per feed file casts every column, runs the schema's checks and writes the typed
// columns + reason + detail to Parquet (`validated_<feed>`), read as the view `checked_<feed>` with each row's line.
// A Parquet input writes only the rows it does not store as read; the view reads the rest from the input again.
// Failing rows, and lines the CSV reader could not split, become quarantine rows; nothing is dropped.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type TableSpec, createTableSql } from '../../../schemas/define.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { type Db, inAnyOrder, quoteIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { type StageTable, stageTable } from '../../stage-table.ts';
import { type FeedFile, type LoadedFeed, emptyFeedSelect } from '../01-load/index.ts';
import { type Check, asReadExpr, caseExpr, columnChecks, columnPass, rowChecks, storedAsRead, unknownPatientDetail } from './checks.ts';
import { recordClearedValues } from './cleared-values.ts';
import { CHECKED_QUARANTINE, quarantineFromChecked, quarantineRejectedLines, recordRejectedLines } from './quarantine.ts';

export interface ValidateOptions {
  /** Run date: dates after it are quarantined as future dates. */
  asOf: string;
  /** Folder for the validated rows (a Parquet file per input file); the views read it, the caller removes it. */
  workDir: string;
  /** Columns to store per feed (all by default); every column is validated either way. */
  storedColumns?: (spec: TableSpec) => string[];
}

/** One feed after stage 2. */
export interface CheckedFeed {
  loaded: LoadedFeed;
  /** `checked_<feed>`: the feed's typed columns (those stored) + source_file, reason, detail and line_no. */
  table: StageTable;
  /** Some lines of a file gave no row (rejected or blank), so a row's read order is not its line. */
  linesShifted: boolean;
}

export interface ValidatedFeeds {
  quarantine: StageTable;
  /** Values cleared with their row kept (`cleared_values`). */
  cleared: StageTable;
  /** Every feed, present or not, in load order. */
  feeds: CheckedFeed[];
}

/** The checked feed of that name. */
export function checkedFeed(validated: ValidatedFeeds, name: string): CheckedFeed {
  const found = validated.feeds.find((f) => f.loaded.spec.name === name);
  if (!found) throw new PathcostError('INTERNAL', `No feed ${name} was validated.`, 'Report this as a bug.');
  return found;
}

export async function validateFeeds(db: Db, feeds: LoadedFeed[], options: ValidateOptions): Promise<ValidatedFeeds> {
  await db.run(createTableSql(Quarantine, CHECKED_QUARANTINE));
  const patients = feeds.find((f) => f.spec.name === 'patients');
  for (const feed of feeds) {
    try {
      await storeChecked(db, feed, options);
      // A double-spaced file fails its blank-line search (started at load): say so before the next feed's pass.
      await Promise.all(feed.files.map((f) => f.blankLines));
      await createCheckedView(db, feed, await markRows(db, feed, patients?.present === true));
    } catch (err) {
      throw unreadableFile(err, feed);
    }
  }
  const shifted = await recordRejectedLines(db, feeds);
  const checked = feeds.map((loaded) => ({ loaded, table: stageTable(`checked_${loaded.spec.name}`, loaded.spec), linesShifted: shifted.has(loaded.spec.name) }));
  for (const feed of checked) {
    await quarantineFromChecked(db, feed);
    await quarantineRejectedLines(db, feed.loaded);
  }
  const cleared = await recordClearedValues(db, checked);
  return { quarantine: stageTable(CHECKED_QUARANTINE, Quarantine), cleared, feeds: checked };
}

/**
 * Bad lines are rejected row by row; a few faults stop DuckDB's CSV reader for the whole file instead (a lone CR
 * inside a line of an LF file). Say which file and what to do rather than surfacing the reader's internals.
 */
function unreadableFile(err: unknown, feed: LoadedFeed): unknown {
  if (!(err instanceof PathcostError) || err.code !== 'SQL_FAILED' || !/CSV|sniff/.test(err.message)) return err;
  const file = /\bfile = (.+)/.exec(err.message)?.[1]?.trim() ?? /file "([^"]+)"/.exec(err.message)?.[1] ?? feed.files[0]?.path;
  const e = new PathcostError(
    'BAD_FILE',
    `DuckDB's CSV reader cannot read this file: ${err.message.split('\n')[0]}`,
    'Usually a carriage return (CR) inside a line or mixed line endings: re-export the file with one line ending (LF or CRLF) and quote any field holding a line break.',
    { feed: feed.spec.name, file },
  );
  e.debug = err.debug;
  return e;
}

const T = (c: string) => quoteIdent(`t__${c}`);
const CLEAN = (c: string) => quoteIdent(`clean__${c}`);
const SRC = (c: string) => quoteIdent(`src__${c}`);
const storedRows = (feed: LoadedFeed) => quoteIdent(`validated_${feed.spec.name}`);
const marksTable = (feed: LoadedFeed) => quoteIdent(`marks_${feed.spec.name}`);

/**
 * Types and checks every file of a feed into one Parquet file each (in `workDir`), read as the view
 * `validated_<feed>` with the file's name and index and each row's place in it (`file_row_number`). A CSV file's
 * rows are written in read order (COPY keeps it: preserve_insertion_order, parallel), so a row's place in the
 * written file is its line among the rows the reader returned; reading the CSV again costs more than the write.
 * A Parquet file gives each row's place itself and is cheap to read again: see storeExceptions. Parquet, not a
 * DuckDB table: writing strings into DuckDB's own storage (dictionary analysis, string statistics, a second copy
 * per row group) is slower.
 */
async function storeChecked(db: Db, feed: LoadedFeed, options: ValidateOptions): Promise<void> {
  const files = feed.files.length > 0 ? feed.files : [undefined];
  const columns = options.storedColumns?.(feed.spec) ?? Object.keys(feed.spec.columns);
  const dir = join(options.workDir, `validated_${feed.spec.name}`);
  await mkdir(dir, { recursive: true });
  const reads: string[] = [];
  for (const [i, file] of files.entries()) {
    const to = { path: sqlString(join(dir, `${i}.parquet`)), name: file ? sqlString(basename(file.path)) : 'null::varchar', index: i, columns, asOf: options.asOf };
    const exceptional = file?.placedSelect !== undefined ? await storeExceptions(db, feed, file, to) : undefined;
    reads.push(exceptional ?? (await storeWhole(db, feed, file, to)));
  }
  await db.run(`create or replace view ${storedRows(feed)} as ${reads.join('\nunion all\n')}`);
}

/** Where one file's checked rows go: `path` (a quoted Parquet path), and the file's name and index in the feed. */
interface StoreTarget {
  path: string;
  name: string;
  index: number;
  columns: string[];
  asOf: string;
}

/** Every checked row of one file (or of an absent feed's empty select) to Parquet; returns the file's read. */
async function storeWhole(db: Db, feed: LoadedFeed, file: FeedFile | undefined, to: StoreTarget): Promise<string> {
  const placed = file?.placedSelect !== undefined;
  const source = file?.placedSelect ?? file?.select ?? emptyFeedSelect(feed.spec);
  const { sql } = checkedSelect(feed, source, to.columns, file?.native ?? [], { placed });
  const copy = () => db.run(`copy (${sql}) to ${to.path} (format parquet, compression uncompressed)`, { as_of: to.asOf });
  await (placed ? inAnyOrder(db, copy) : copy());
  const read = placed ? `* exclude (file_row), file_row as file_row_number from read_parquet(${to.path})` : `* from read_parquet(${to.path}, file_row_number = true)`;
  return `select ${to.name} as source_file, ${to.index} as file_index, ${read}`;
}

/**
 * Above this many rows stored apart (and a tenth of the file), every later read's anti join against them costs
 * more than the whole copy saves: an extract whose every code needs normalising (1M patients' prescriptions with
 * lower-case BNF codes: build 25 s clean, 65 s with all 33.8M rows apart, docs/performance.md).
 */
export const MAX_ROWS_APART = 100_000;

/**
 * A Parquet input file that gives each row's place: only the rows not stored as read (failing a check, or a value
 * the pass rewrites, such as a code in lower case) are written, in any order; the rest are read again from the
 * input file itself, each column by `asReadExpr`, by every later statement. Writing is half the cost of a
 * validated copy and per row, so this halves stage 2 (build() checks the file is unchanged before publishing).
 * Returns the select of the feed's view for this file, or undefined when too many rows are apart (MAX_ROWS_APART):
 * then the whole file is to be stored.
 */
async function storeExceptions(db: Db, feed: LoadedFeed, file: FeedFile, to: StoreTarget): Promise<string | undefined> {
  const { sql, asRead, unchecked } = checkedSelect(feed, file.placedSelect!, to.columns, file.native ?? [], { placed: true, exceptionsOnly: true });
  // The pass stops as soon as too many rows are apart (in such a file, about as soon as it starts).
  const rows = (await db.one<{ n: number }>(`select count(*)::double as n from (${file.placedSelect})`)).n;
  const limit = Math.max(MAX_ROWS_APART, Math.floor(rows / 10));
  await inAnyOrder(db, () => db.run(`copy (${sql} limit ${limit + 1}) to ${to.path} (format parquet, compression uncompressed)`, { as_of: to.asOf }));
  const apart = (await db.one<{ n: number }>(`select count(*)::double as n from read_parquet(${to.path})`)).n;
  if (apart > limit) return undefined;
  const rest = apart > 0 ? ` anti join read_parquet(${to.path}) e using (file_row)` : '';
  return `select ${to.name} as source_file, ${to.index} as file_index, ${[...asRead, ...unchecked].join(', ')}, file_row as file_row_number
from (${file.placedSelect})${rest}
union all
select ${to.name} as source_file, ${to.index} as file_index, * exclude (file_row), file_row as file_row_number from read_parquet(${to.path})`;
}

/**
 * The view `checked_<feed>`: every row with its final reason and its line. Reasons settled only once the whole
 * feed is read (unknown patients, repeated ids) come from `marks_<feed>`, joined by position only when it holds
 * rows (clean feeds skip the join).
 */
async function createCheckedView(db: Db, feed: LoadedFeed, marked: boolean): Promise<void> {
  const replace = marked ? ' replace (coalesce(m.reason, v.reason) as reason, coalesce(m.detail, v.detail) as detail)' : '';
  const join = marked ? ` left join ${marksTable(feed)} m using (file_index, file_row_number)` : '';
  await db.run(`create or replace view ${quoteIdent(`checked_${feed.spec.name}`)} as
select v.source_file, v.* exclude (source_file, file_index, file_row_number)${replace}, v.file_row_number + 1 as line_no
from ${storedRows(feed)} v${join}`);
}

/** How a checked select reads its source, and which of its rows it keeps. */
export interface CheckedSelectOptions {
  /** The source gives each row's place as `file_row`, kept as the last column. */
  placed?: boolean;
  /** Only the rows not stored as read (see storeExceptions); the others are read again by `asRead`. */
  exceptionsOnly?: boolean;
}

/** The checked select, and each column it stores as read again from the source. */
export interface CheckedSelect {
  sql: string;
  /** Per stored column, in order, `asReadExpr … as "column"` over the source's own column of that name. */
  asRead: string[];
  /** What follows the stored columns for a row stored as read: no reason, no detail, nothing cleared. */
  unchecked: string[];
}

/**
 * The one select that types and checks a feed's rows read by `source` (one file). It must hold no join (nor
 * an IN list, which plans as one): rows would leave read order, and read order is how a row knows its line.
 */
export function checkedSelect(feed: LoadedFeed, source: string, stored: string[], native: string[], { placed = false, exceptionsOnly = false }: CheckedSelectOptions = {}): CheckedSelect {
  const { spec } = feed;
  const names = Object.keys(spec.columns);
  const options = (c: string) => ({ native: native.includes(c), dateFormat: feed.mapping?.date_format });
  const passes = new Map(names.map((c) => [c, columnPass(spec.columns[c], { raw: quoteIdent(c), clean: CLEAN(c), typed: T(c) }, options(c))]));
  const pass = (c: string) => passes.get(c)!;
  const raws = [...names.map((c) => `${pass(c).rawExpr} as ${quoteIdent(c)}`), ...(placed ? ['file_row'] : [])];
  const cleans = names.flatMap((c) => (pass(c).cleanExpr === undefined ? [] : [`${pass(c).cleanExpr} as ${CLEAN(c)}`]));
  const typed = names.map((c) => `${pass(c).typedExpr} as ${T(c)}`);
  const byColumn = new Map(names.map((c) => [c, columnChecks(c, spec.columns[c], pass(c).sql, { activityDate: c === spec.dateColumn })]));
  const { setAside: checks, clearing, clearedWhen } = splitChecks(spec, byColumn, rowChecks(spec, T));
  // A column no check reads is stored anyway: leaving it unread lets DuckDB skip it in the CSV scan, and its
  // reader then fails on files with rejected lines (an internal error in DuckDB 1.5's projection pushdown).
  const kept = names.filter((c) => stored.includes(c) || byColumn.get(c)!.length === 0);
  const storedValue = (c: string) => (clearedWhen.has(c) ? `case when ${clearedWhen.get(c)} then null else ${T(c)} end` : T(c));
  // Exceptions only: the file's own values ride along (as SRC) to tell which rows `asReadExpr` gives as stored.
  if (exceptionsOnly) raws.push(...kept.map((c) => `${quoteIdent(c)} as ${SRC(c)}`));
  const exceptional = exceptionsOnly
    ? `\nwhere reason is not null${clearing.length ? ' or cleared is not null' : ''} or not (${kept.map((c) => storedAsRead(spec.columns[c], SRC(c), pass(c).sql, options(c))).join(' and ') || 'true'})`
    : '';
  const clearedColumns = clearing.length ? [`cleared`, `case when cleared is not null then ${caseExpr(clearing, 'detail')} end as cleared_detail`] : [];
  // Each code's clean test is a column of its own so that its typed value and its check share one evaluation.
  const sql = `
with raw as (
  select ${raws.join(', ')} from (${source})
), cleaned as (
  select raw.*${cleans.map((c) => `, ${c}`).join('')} from raw
), typed as (
  select cleaned.*, ${typed.join(', ')} from cleaned
), judged as (
  select typed.*, ${caseExpr(checks, 'reason')} as reason${clearing.length ? `, ${caseExpr(clearing, 'reason')} as cleared` : ''} from typed
)
-- The detail is worked out only for failing rows: clean rows (nearly all) run the checks once.
select ${kept.map((c) => `${storedValue(c)} as ${quoteIdent(c)}`).join(', ')},
  reason, case when reason is not null then ${caseExpr(checks, 'detail')} end as detail${clearedColumns.map((c) => `, ${c}`).join('')}${placed ? ', file_row' : ''}
from judged${exceptional}`;
  const asRead = kept.map((c) => `${asReadExpr(spec.columns[c], quoteIdent(c), options(c))} as ${quoteIdent(c)}`);
  const unchecked = ['null::varchar as reason', 'null::varchar as detail', ...(clearing.length ? ['null::varchar as cleared', 'null::varchar as cleared_detail'] : [])];
  return { sql, asRead, unchecked };
}

/**
 * The checks that set a row aside, and those that clear a value of `spec.clearedOnFault` instead (with, per such
 * column, when it is cleared). A date order between two clearable columns clears both.
 */
function splitChecks(spec: TableSpec, byColumn: Map<string, Check[]>, ordered: Check[]): { setAside: Check[]; clearing: Check[]; clearedWhen: Map<string, string> } {
  const clearable = new Set(spec.clearedOnFault ?? []);
  const columns = [...byColumn.keys()];
  const orderCleared = spec.dateOrder !== undefined && spec.dateOrder.every((c) => clearable.has(c));
  const clearedWhen = new Map(
    columns
      .filter((c) => clearable.has(c))
      .map((c) => {
        const checks = [...byColumn.get(c)!, ...(orderCleared && spec.dateOrder!.includes(c) ? ordered : [])];
        return [c, `coalesce(${checks.map((k) => `(${k.when})`).join(' or ') || 'false'}, false)`];
      }),
  );
  return {
    setAside: [...columns.filter((c) => !clearable.has(c)).flatMap((c) => byColumn.get(c)!), ...(orderCleared ? [] : ordered)],
    clearing: [...columns.filter((c) => clearable.has(c)).flatMap((c) => byColumn.get(c)!), ...(orderCleared ? ordered : [])],
    clearedWhen,
  };
}

/**
 * Rows whose reason is settled only after the typed pass, into `marks_<feed>`; false when there are none. A
 * patient missing from the clean patients rows: a join in the typed pass would let rows leave read order. A
 * later copy of an id: a duplicate, which outranks only unknown_patient, as in the order of checks (other
 * reasons found first are kept).
 */
async function markRows(db: Db, feed: LoadedFeed, patientsPresent: boolean): Promise<boolean> {
  const parts: string[] = [];
  if (patientsPresent && feed.spec.patientColumn !== undefined) parts.push(unknownPatientsSql(feed));
  if (patientsPresent && feed.spec.patientColumn !== undefined && PRICED_BY_SPAN.has(feed.spec.name)) parts.push(beforeBirthSql(feed));
  const duplicates = await duplicatesSql(db, feed);
  if (duplicates) parts.push(duplicates);
  if (parts.length === 0) return false;
  await db.run(`create or replace table ${marksTable(feed)} as
select file_index, file_row_number, arg_min(reason, rank) as reason, arg_min(detail, rank) as detail
from (${parts.join('\nunion all\n')}) group by file_index, file_row_number`);
  return (await db.one<{ n: number }>(`select count(*)::bigint::double as n from ${marksTable(feed)}`)).n > 0;
}

function unknownPatientsSql(feed: LoadedFeed): string {
  const patient = quoteIdent(feed.spec.patientColumn!);
  return `select file_index, file_row_number, 'unknown_patient' as reason, ${unknownPatientDetail(feed.spec.patientColumn!, patient)} as detail, 2 as rank
from ${storedRows(feed)}
where reason is null and ${patient} is not null and ${patient} not in (select patient_id from checked_patients where reason is null)`;
}

/**
 * Feeds whose price grows with the span of a row (a care package at so much a week): one that starts before the
 * patient's month of birth is set aside (a package dated 1950 for a patient born in 1993 cost £78.5M). A spell
 * before birth is kept, its episode's age unknown (data_quality counts them): it is priced by its HRG, and the
 * wrong date is as likely the birth date as the spell's. The join runs over these small feeds only.
 */
const PRICED_BY_SPAN = new Set(['social_care_services']);

function beforeBirthSql(feed: LoadedFeed): string {
  const patient = quoteIdent(feed.spec.patientColumn!);
  const start = feed.spec.dateOrder![0];
  return `select r.file_index, r.file_row_number, 'before_birth' as reason,
  ${sqlString(`${start} `)} || strftime(r.${quoteIdent(start)}, '%Y-%m-%d') || ' is before the patient''s month of birth (' || strftime(p.birth_date, '%Y-%m') || '): check the date and the patient id' as detail, 3 as rank
from ${storedRows(feed)} r join checked_patients p on p.patient_id = r.${patient} and p.reason is null
where r.reason is null and r.${quoteIdent(start)} < p.birth_date`;
}

/**
 * Statements that create `table`: the hashes of `id` (an SQL expression over `rows`) that more than one row has.
 * Hashes are sorted and compared with their neighbour, first cut to 32 bits (sorted in about 60% of the time of
 * 64-bit ones), then at 64 bits among the rows whose short hash repeats: about n²/2³³ chance pairs (130,000 in
 * 34M ids) and every real repeat, since equal hashes have equal halves.
 */
export function repeatedHashesSql(rows: string, id: string, table: string): string[] {
  const short = `(hash(${id}) >> 32)::uinteger`;
  const neighbours = (h: string, where: string) =>
    `select distinct h from (select h, lag(h) over (order by h) as previous from (select ${h} as h from ${rows} where ${where})) where h = previous`;
  const candidates = quoteIdent(`${table}_short`);
  return [
    `create or replace temp table ${candidates} as ${neighbours(short, `${id} is not null`)}`,
    `create or replace temp table ${quoteIdent(table)} as ${neighbours(`hash(${id})`, `${id} is not null and ${short} in (select h from ${candidates})`)}`,
    `drop table ${candidates}`,
  ];
}

/**
 * Later copies of an id, or undefined when no id repeats. The ids' hashes are sorted and compared with their
 * neighbour, which finds the few repeated ones (usually none: then nothing more is read) in half the time of a
 * distinct count (a hash table of every id); only the rows with a repeated hash are then ranked, on the ids
 * themselves, so a hash collision never marks a row.
 */
async function duplicatesSql(db: Db, feed: LoadedFeed): Promise<string | undefined> {
  const { spec } = feed;
  if (!spec.idColumn) return undefined;
  const rows = storedRows(feed);
  const id = quoteIdent(spec.idColumn);
  for (const statement of repeatedHashesSql(rows, id, 'repeated_hashes')) await db.run(statement);
  if ((await db.one<{ n: number }>(`select count(*)::bigint::double as n from repeated_hashes`)).n === 0) return undefined;
  // Files are read in name order and rows in read order: (file_index, file_row_number) is feed order.
  return `select file_index, file_row_number, 'duplicate_id' as reason,
  ${sqlString(`${spec.idColumn} "`)} || ${id} || '" appears earlier in the feed; the later copy is set aside' as detail, 1 as rank
from (
  select file_index, file_row_number, ${id}, reason, row_number() over (partition by ${id} order by file_index, file_row_number) as copy
  from ${rows} where hash(${id}) in (select h from repeated_hashes)
) where copy > 1 and reason is null`;
}
