// Stage 2 — validate: one pass per feed over the raw view casts every column, runs the schema's checks and
// writes `checked_<feed>` (typed columns + reason + detail). Failing rows, and lines the CSV reader could
// not split, become quarantine rows; nothing is dropped.
import { createTableSql } from '../../../schemas/define.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { type Db, sqlIdent } from '../../db.ts';
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
  const dupRank = spec.idColumn ? `row_number() over (partition by ${T(spec.idColumn)} order by source_file, line_no)` : '1';
  const patientJoin = checkPatients
    ? `left join (select patient_id from checked_patients where reason is null) p on p.patient_id = ${T(spec.patientColumn!)}`
    : '';
  return `
create or replace table ${sqlIdent(`checked_${spec.name}`)} as
with raw as (
  select source_file, line_no, ${trimmed.join(', ')} from ${sqlIdent(`raw_${spec.name}`)}
), typed as (
  select raw.*, ${typed.join(', ')} from raw
), ranked as (
  select typed.*, ${dupRank} as dup_rank, ${checkPatients ? 'p.patient_id is not null' : 'true'} as known_patient
  from typed ${patientJoin}
)
select source_file, line_no, ${names.map((c) => `${T(c)} as ${sqlIdent(c)}`).join(', ')},
  ${caseExpr(checks, 'reason')} as reason,
  ${caseExpr(checks, 'detail')} as detail
from ranked`;
}

