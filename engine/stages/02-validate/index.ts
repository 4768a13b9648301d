// Stage 2 — validate: one pass per feed over the raw view casts every column, runs the schema's checks and
// writes `checked_<feed>` (typed columns + reason + detail). Failing rows, and lines the CSV reader could
// not split, become quarantine rows; nothing is dropped.
import { createTableSql } from '../../../schemas/define.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { type Db, sqlIdent } from '../../db.ts';
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
    await db.run(checkedTableSql(feed, patients?.present === true && feed.spec.patientColumn !== undefined), { as_of: options.asOf });
  }
  await recordRejectedLines(db, feeds);
  for (const feed of feeds) {
    await quarantineFromChecked(db, feed);
    await quarantineRejectedLines(db, feed);
  }
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

