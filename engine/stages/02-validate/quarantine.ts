// Quarantine rows for a feed: rows that failed a check, and lines the CSV reader could not split.
import { basename } from 'node:path';
import { type Db, quoteIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import type { LoadedFeed } from '../01-load/index.ts';
import type { CheckedFeed } from './index.ts';

const REJECT_REASON = `case when error_type = 'INVALID ENCODING' then 'bad_encoding' else 'malformed_line' end`;

/**
 * Gather the CSV reader's rejected lines of every file into `rejected_lines`, and the line shift they cause;
 * returns the feeds with such lines.
 */
export async function recordRejectedLines(db: Db, feeds: LoadedFeed[]): Promise<Set<string>> {
  const parts = feeds.flatMap((feed) =>
    feed.files
      .filter((f) => f.rejectsTable)
      .map((f) => {
        // Id and patient read best-effort from the raw line, by their field in this file's own header.
        // (The reader keeps the previous line's LF on a CRLF file's csv_line: trim line ends first.)
        const field = (column?: string) => {
          const i = column ? (f.fields?.[column] ?? 0) : 0;
          return i > 0 ? `nullif(trim(string_split(trim(min(csv_line), chr(13) || chr(10)), ${sqlString(feed.mapping?.delimiter ?? ',')})[${i}], ' "'), '')` : 'null::varchar';
        };
        // The reader reports a line once per failing column (and again per scan): keep one row per line.
        return `select ${sqlString(feed.spec.name)} as feed, ${sqlString(basename(f.path))} as source_file,
          line - 1 as data_line, min(error_type) as error_type, min(error_message) as error_message,
          min(column_name) as column_name, ${field(feed.spec.idColumn)} as source_id, ${field(feed.spec.patientColumn)} as patient_id,
          len(string_split(trim(min(csv_line), chr(13) || chr(10)), chr(10))) as span, length(min(csv_line)) as chars
        from ${quoteIdent(f.rejectsTable!)} group by line`;
      }),
  );
  const none = `select null::varchar feed, null::varchar source_file, null::bigint data_line, null::varchar error_type, null::varchar error_message, null::varchar column_name, null::varchar source_id, null::varchar patient_id, null::bigint span, null::bigint chars where false`;
  await db.run(`create or replace table rejected_lines as ${parts.length ? parts.join(' union all ') : none}`);
  await stopOnRunawayQuote(db);
  await recordBlankLines(db, feeds);
  // A good row read as the k-th row of its file sits on data line k + (lines without a row before it: rejected
  // or blank). With such lines d_1 < d_2 < …, rows with k > d_j − j come after d_j: shift = max j with d_j − j < k.
  await db.run(`
create or replace table line_shift as
select feed, source_file, data_line - j as threshold, max(j) as shift
from (
  select *, row_number() over (partition by feed, source_file order by data_line) as j
  from (select feed, source_file, data_line from rejected_lines union all select feed, source_file, data_line from blank_lines)
)
group by all`);
  const shifted = await db.all<{ feed: string }>(`select distinct feed from line_shift`);
  return new Set(shifted.map((r) => r.feed));
}

/** Blank lines found by the search load started (few: a file with many fails it), one row each. */
async function recordBlankLines(db: Db, feeds: LoadedFeed[]): Promise<void> {
  await db.run(`create or replace table blank_lines (feed varchar, source_file varchar, data_line bigint)`);
  for (const feed of feeds) {
    for (const f of feed.files) {
      const lines = (await f.blankLines) ?? [];
      if (lines.length === 0) continue;
      await db.run(`insert into blank_lines select $feed, $file, unnest(string_split($lines, ','))::bigint`, { feed: feed.spec.name, file: basename(f.path), lines: lines.join(',') });
    }
  }
}

/**
 * `from` clause joining a checked table to its line shift, exposing `source_row`. `where` filters the checked
 * rows before any join (DuckDB does not push a semi-join filter below a later left join by itself).
 */
export function withSourceRow(feed: CheckedFeed, alias = 'c', where?: string): { from: string; sourceRow: string } {
  const checked = quoteIdent(feed.table.name);
  const table = where ? `(select * from ${checked} where ${where})` : checked;
  // Most feeds have no rejected or blank line: their rows' read order is their line, and the ASOF join
  // (a sort of the whole feed) is skipped.
  if (!feed.linesShifted) return { from: `${table} ${alias}`, sourceRow: `${alias}.line_no` };
  return {
    from: `${table} ${alias} asof left join (select * from line_shift where feed = ${sqlString(feed.loaded.spec.name)}) ls
      on ls.source_file = ${alias}.source_file and ${alias}.line_no > ls.threshold`,
    sourceRow: `${alias}.line_no + coalesce(ls.shift, 0)`,
  };
}

/**
 * Stage 2's quarantine rows. Stage 4 publishes them as `quarantine`, with the money priced for the rows of feeds
 * that supply none, and leaves this table as stage 2 wrote it.
 */
export const CHECKED_QUARANTINE = 'quarantine_checked';

/** An unterminated quote may take in a few lines as one malformed record; over more, it stops the build. */
const RUNAWAY_QUOTE_LINES = 10;
/** The reader keeps at most this many characters of a rejected record: a record that long was cut short. */
const READER_LINE_CAP = 10_000;

/**
 * A quote left open over more than a few lines takes in every row after it (often to the end of the file) as one
 * value: their pounds would leave the build without a quarantine row each, so it stops, naming the line.
 */
async function stopOnRunawayQuote(db: Db): Promise<void> {
  const [r] = await db.all<{ feed: string; source_file: string; data_line: number; span: number; cut: boolean }>(
    `select feed, source_file, data_line::integer as data_line, span::integer as span, chars >= $cap as cut from rejected_lines
     where error_type = 'UNQUOTED VALUE' and (span > $lines or chars >= $cap) order by feed, source_file, data_line limit 1`,
    { lines: RUNAWAY_QUOTE_LINES, cap: READER_LINE_CAP },
  );
  if (!r) return;
  const taken = r.cut ? `at least the next ${r.span - 1} lines (likely the rest of the file)` : `the next ${r.span - 1} lines`;
  throw new PathcostError(
    'BAD_FILE',
    `A quote opened on this line is never closed: the CSV reader takes ${taken} as one value, and their rows would be lost. Nothing was published.`,
    'Close or remove the stray quote on that line (a quote inside a quoted value is written twice: "") and run the build again.',
    { feed: r.feed, file: r.source_file, row: r.data_line + 1 },
  );
}

export async function quarantineFromChecked(db: Db, feed: CheckedFeed): Promise<void> {
  const { spec } = feed.loaded;
  const { from, sourceRow } = withSourceRow(feed);
  const col = (name?: string, cast = '') => (name ? `c.${quoteIdent(name)}${cast}` : 'null');
  await db.run(`
insert into ${CHECKED_QUARANTINE}
select ${sqlString(spec.name)}, c.source_file, ${sourceRow}, ${col(spec.idColumn, '::varchar')}, ${col(spec.patientColumn)},
  c.reason, c.detail, ${col(spec.costColumn)}, ${monthSql(spec)}, ${col(spec.providerColumn)}
from ${from}
where c.reason is not null`);
}

/** The quarantined row's month: of its date, or its month column when that holds a valid YYYY-MM. */
function monthSql(spec: { dateColumn?: string; monthColumn?: string }): string {
  if (spec.dateColumn) return `strftime(c.${quoteIdent(spec.dateColumn)}, '%Y-%m')`;
  if (!spec.monthColumn) return 'null';
  const month = `c.${quoteIdent(spec.monthColumn)}::varchar`;
  return `case when regexp_full_match(${month}, '\\d{4}-(0[1-9]|1[0-2])') then ${month} end`;
}

export async function quarantineRejectedLines(db: Db, feed: LoadedFeed): Promise<void> {
  await db.run(
    `
insert into ${CHECKED_QUARANTINE}
select feed, source_file, data_line, source_id, patient_id, ${REJECT_REASON},
  'line ' || (data_line + 1)::varchar || ': ' || error_type || coalesce(' (' || column_name || ')', '') || ' — ' || error_message ||
  case error_type
    when 'INVALID ENCODING' then ' Re-export the file as UTF-8.'
    -- a long free-text field, not bad quoting: what to fix is the extract's content
    when 'LINE SIZE OVER MAXIMUM' then ' A free-text field too long for an extract? Cut it, or leave the column out.'
    else ' Fix the quoting or the number of fields on this line.' end ||
  -- An unterminated quote takes in the lines after it (up to the next quote, or the end of the file): say so.
  case when span > 1 then ' This record runs over ' || span::varchar || ' lines: every line in it is set aside with it.' else '' end,
  null, null, null
from rejected_lines where feed = $feed`,
    { feed: feed.spec.name },
  );
}
