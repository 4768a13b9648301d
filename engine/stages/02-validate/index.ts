// Stage 2 — validate: one pass per feed file casts every column, runs the schema's checks and stores
// `validated_<feed>` (typed columns + reason + detail), read as the view `checked_<feed>` with each row's line.
// Failing rows, and lines the CSV reader could not split, become quarantine rows; nothing is dropped.
import { basename } from 'node:path';
import { type TableSpec, createTableSql } from '../../../schemas/define.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { type Db, sqlIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { type LoadedFeed, emptyFeedSelect } from '../01-load/index.ts';
import { type Check, caseExpr, columnChecks, columnPass, rowChecks, unknownPatientDetail } from './checks.ts';
import { quarantineFromChecked, quarantineRejectedLines, recordRejectedLines } from './quarantine.ts';

export interface ValidateOptions {
  /** Run date: dates after it are quarantined as future dates. */
  asOf: string;
  /** Columns to store per feed (all by default); every column is validated either way. */
  storedColumns?: (spec: TableSpec) => string[];
}

export async function validateFeeds(db: Db, feeds: LoadedFeed[], options: ValidateOptions): Promise<void> {
  await db.run(createTableSql(Quarantine));
  const patients = feeds.find((f) => f.spec.name === 'patients');
  for (const feed of feeds) {
    try {
      await storeChecked(db, feed, options);
      // A double-spaced file fails its blank-line search (started at load): say so before the next feed's pass.
      await Promise.all(feed.files.map((f) => f.blankLines));
      if (patients?.present === true && feed.spec.patientColumn !== undefined) await db.run(markUnknownPatientsSql(feed));
      await markDuplicates(db, feed);
    } catch (err) {
      throw unreadableFile(err, feed);
    }
  }
  await recordRejectedLines(db, feeds);
  for (const feed of feeds) {
    await quarantineFromChecked(db, feed);
    await quarantineRejectedLines(db, feed);
  }
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

const T = (c: string) => sqlIdent(`t__${c}`);
const CLEAN = (c: string) => sqlIdent(`clean__${c}`);
const storedTable = (feed: LoadedFeed) => sqlIdent(`validated_${feed.spec.name}`);

/**
 * Types and checks every file of a feed into `validated_<feed>`, one file after another, and exposes it as the
 * view `checked_<feed>` with each row's line. The table keeps read order (preserve_insertion_order, parallel),
 * so a row's position minus its file's first position is its line among the rows the reader returned.
 */
async function storeChecked(db: Db, feed: LoadedFeed, options: ValidateOptions): Promise<void> {
  const table = storedTable(feed);
  const sources = feed.files.length > 0 ? feed.files.map((f) => f.select!) : [emptyFeedSelect(feed.spec)];
  const columns = options.storedColumns?.(feed.spec) ?? Object.keys(feed.spec.columns);
  const files: Array<{ name: string; end: number }> = [];
  let rowsSoFar = 0;
  for (const [i, source] of sources.entries()) {
    const select = checkedSelectSql(feed, source, columns, feed.files[i]?.native ?? []);
    if (i === 0) await createStoredTable(db, feed, table, select, options.asOf);
    await db.run(`insert into ${table} ${select}`, { as_of: options.asOf });
    rowsSoFar = (await db.one<{ n: number }>(`select count(*)::bigint::double as n from ${table}`)).n;
    if (feed.files[i]) files.push({ name: basename(feed.files[i].path), end: rowsSoFar });
  }
  // Files are stored one after another, so a row's file and its place in it follow from its position: the
  // file's name is not stored on 50M rows.
  const fileOf = files.length === 0 ? 'null::varchar' : `case ${files.map((f) => `when rowid < ${f.end} then ${sqlString(f.name)}`).join(' ')} end`;
  const firstOf = files.length <= 1 ? '0' : `case ${files.map((f, i) => `when rowid < ${f.end} then ${i === 0 ? 0 : files[i - 1].end}`).join(' ')} end`;
  const enums = columns.filter((c) => feed.spec.columns[c].kind === 'enum').map((c) => `${sqlIdent(c)}::varchar as ${sqlIdent(c)}`);
  const stored = enums.length ? `* replace (${enums.join(', ')})` : '*';
  await db.run(`create or replace view ${sqlIdent(`checked_${feed.spec.name}`)} as select ${fileOf} as source_file, ${stored}, rowid + 1 - ${firstOf} as line_no from ${table}`);
}

/**
 * The stored table, with the select's own column types. The id column is stored uncompressed: its values are
 * all different, so DuckDB's search for a dictionary in every segment was wasted (3 s of 32M prescriptions).
 */
async function createStoredTable(db: Db, feed: LoadedFeed, table: string, select: string, asOf: string): Promise<void> {
  const described = await db.all<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe ${select})`, { as_of: asOf });
  const columns = described.map((d) => `${sqlIdent(d.column_name)} ${d.column_type}${d.column_name === feed.spec.idColumn ? ' using compression uncompressed' : ''}`);
  await db.run(`create or replace table ${table} (${columns.join(', ')})`);
}

/**
 * The one select that types and checks a feed's rows read by `source` (one file). It must hold no join (nor
 * an IN list, which plans as one): rows would leave read order, and read order is how a row knows its line.
 */
function checkedSelectSql(feed: LoadedFeed, source: string, stored: string[], native: string[]): string {
  const { spec } = feed;
  const names = Object.keys(spec.columns);
  const passes = new Map(names.map((c) => {
    const options = { native: native.includes(c), dateFormat: feed.mapping?.date_format };
    return [c, columnPass(spec.columns[c], { raw: sqlIdent(c), clean: CLEAN(c), typed: T(c) }, options)];
  }));
  const pass = (c: string) => passes.get(c)!;
  const raws = names.map((c) => `${pass(c).rawExpr} as ${sqlIdent(c)}`);
  const cleans = names.flatMap((c) => (pass(c).cleanExpr === undefined ? [] : [`${pass(c).cleanExpr} as ${CLEAN(c)}`]));
  const typed = names.map((c) => `${pass(c).typedExpr} as ${T(c)}`);
  const byColumn = new Map(names.map((c) => [c, columnChecks(c, spec.columns[c], pass(c).sql)]));
  const checks: Check[] = [...[...byColumn.values()].flat(), ...rowChecks(spec, T)];
  // A column no check reads is stored anyway: leaving it unread lets DuckDB skip it in the CSV scan, and its
  // reader then fails on files with rejected lines (an internal error in DuckDB 1.5's projection pushdown).
  const kept = names.filter((c) => stored.includes(c) || byColumn.get(c)!.length === 0);
  // Each code's clean test is a column of its own so that its typed value and its check share one evaluation.
  return `
with raw as (
  select ${raws.join(', ')} from (${source})
), cleaned as (
  select raw.*${cleans.map((c) => `, ${c}`).join('')} from raw
), typed as (
  select cleaned.*, ${typed.join(', ')} from cleaned
), judged as (
  select typed.*, ${caseExpr(checks, 'reason')} as reason from typed
)
-- The detail is worked out only for failing rows: clean rows (nearly all) run the checks once.
select ${kept.map((c) => `${T(c)} as ${sqlIdent(c)}`).join(', ')},
  reason, case when reason is not null then ${caseExpr(checks, 'detail')} end as detail
from judged`;
}

/**
 * A patient missing from the clean patients rows is the last check, made after the typed pass: a join in that
 * pass would let rows leave it out of read order, and read order is how rows know their line.
 */
function markUnknownPatientsSql(feed: LoadedFeed): string {
  const patient = sqlIdent(feed.spec.patientColumn!);
  return `
update ${storedTable(feed)} set reason = 'unknown_patient', detail = ${unknownPatientDetail(feed.spec.patientColumn!, patient)}
where reason is null and ${patient} is not null and ${patient} not in (select patient_id from checked_patients where reason is null)`;
}

/**
 * Later copies of an id are duplicates. Found after the typed pass: the ids' hashes are sorted and compared with
 * their neighbour, which finds the few repeated ones (usually none: then nothing more is read) in half the
 * time of a distinct count (a hash table of every id); only the rows with a repeated hash are then ranked, on
 * the ids themselves, so a hash collision never marks a row. A duplicate outranks only unknown_patient, as in
 * the order of checks; other reasons found first are kept.
 */
async function markDuplicates(db: Db, feed: LoadedFeed): Promise<void> {
  const { spec } = feed;
  if (!spec.idColumn) return;
  const table = storedTable(feed);
  const id = sqlIdent(spec.idColumn);
  await db.run(`
create or replace temp table repeated_hashes as
select distinct h from (select h, lag(h) over (order by h) as previous from (select hash(${id}) as h from ${table} where ${id} is not null))
where h = previous`);
  if ((await db.one<{ n: number }>(`select count(*)::bigint::double as n from repeated_hashes`)).n === 0) return;
  // Files are stored in name order and rows in read order, so rowid order is feed order.
  await db.run(`
update ${table} c set reason = 'duplicate_id',
  detail = ${sqlString(`${spec.idColumn} "`)} || c.${id} || '" appears earlier in the feed; the later copy is set aside'
where c.rowid in (
  select rid from (
    select rowid as rid, row_number() over (partition by ${id} order by rowid) as copy
    from ${table} where hash(${id}) in (select h from repeated_hashes)
  ) where copy > 1
) and (c.reason is null or c.reason = 'unknown_patient')`);
}
