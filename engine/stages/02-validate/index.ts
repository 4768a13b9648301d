// Stage 2 — validate: one pass per feed over the raw view casts every column, runs the schema's checks and
// writes `checked_<feed>` (typed columns + reason + detail). Failing rows, and lines the CSV reader could
// not split, become quarantine rows; nothing is dropped.
import { createTableSql } from '../../../schemas/define.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { type Db, sqlIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import type { LoadedFeed } from '../01-load/index.ts';
import { type Check, caseExpr, columnChecks, rowChecks, typedExpr } from './checks.ts';
import { quarantineFromChecked, quarantineRejectedLines, recordRejectedLines } from './quarantine.ts';

export interface ValidateOptions {
  /** Run date: dates after it are quarantined as future dates. */
  asOf: string;
}

export async function validateFeeds(db: Db, feeds: LoadedFeed[], options: ValidateOptions): Promise<void> {
  await db.run(createTableSql(Quarantine));
  const patients = feeds.find((f) => f.spec.name === 'patients');
  for (const feed of feeds) {
    try {
      await db.run(checkedTableSql(feed, patients?.present === true && feed.spec.patientColumn !== undefined), { as_of: options.asOf });
      const duplicates = markDuplicatesSql(feed);
      if (duplicates) await db.run(duplicates);
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

/** The one statement that types and checks a feed. */
function checkedTableSql(feed: LoadedFeed, checkPatients: boolean): string {
  const { spec } = feed;
  const names = Object.keys(spec.columns);
  const trimmed = names.map((c) => `nullif(trim(${sqlIdent(c)}), '') as ${sqlIdent(c)}`);
  const typed = names.map((c) => `${typedExpr(spec.columns[c], sqlIdent(c), feed.mapping?.date_format)} as ${T(c)}`);
  const checks: Check[] = [
    ...names.flatMap((c) => columnChecks(c, spec.columns[c], sqlIdent(c), T(c))),
    ...rowChecks({ ...spec, patientColumn: checkPatients ? spec.patientColumn : undefined }, T),
  ];
  // Membership, not a join: the patients list is the build side whatever the optimiser guesses about a CSV scan.
  const knownPatient = checkPatients ? `${T(spec.patientColumn!)} in (select patient_id from checked_patients where reason is null)` : 'true';
  return `
create or replace table ${sqlIdent(`checked_${spec.name}`)} as
with raw as (
  select source_file, line_no, ${trimmed.join(', ')} from ${sqlIdent(`raw_${spec.name}`)}
), typed as (
  select raw.*, ${typed.join(', ')} from raw
), ranked as (
  select typed.*, ${knownPatient} as known_patient from typed
), judged as (
  select ranked.*, ${caseExpr(checks, 'reason')} as reason from ranked
)
-- The detail is worked out only for failing rows: clean rows (nearly all) run the checks once.
select source_file, line_no, ${names.map((c) => `${T(c)} as ${sqlIdent(c)}`).join(', ')},
  reason, case when reason is not null then ${caseExpr(checks, 'detail')} end as detail
from judged`;
}

/**
 * Later copies of an id are duplicates. Found after the typed pass: a hash aggregate over the id column finds
 * the few repeated ids, and only their rows are ranked (a window over every row cost ~10× more). A duplicate
 * outranks only unknown_patient, as in the order of checks; other reasons found first are kept.
 */
function markDuplicatesSql(feed: LoadedFeed): string | undefined {
  const { spec } = feed;
  if (!spec.idColumn) return undefined;
  const table = sqlIdent(`checked_${spec.name}`);
  const id = sqlIdent(spec.idColumn);
  return `
update ${table} c set reason = 'duplicate_id',
  detail = ${sqlString(`${spec.idColumn} "`)} || c.${id} || '" appears earlier in the feed; the later copy is set aside'
from (
  select source_file, line_no from (
    select source_file, line_no, row_number() over (partition by ${id} order by source_file, line_no) as copy
    from ${table} where hash(${id}) in (select hash(${id}) from ${table} where ${id} is not null group by all having count(*) > 1)
  ) where copy > 1
) d
where c.source_file = d.source_file and c.line_no = d.line_no and (c.reason is null or c.reason = 'unknown_patient')`;
}

