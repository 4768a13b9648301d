// Stage 3 — normalise: every clean row of every activity feed in one long shape, as views over stage 2's
// checked feeds: rows are normalised (and priced, stage 4) as they are read, so the 50M rows are stored once,
// typed, in stage 2.
import { type TableSpec, col, createTableSql, duckdbType, required } from '../../../schemas/define.ts';
import { Activity } from '../../../schemas/tables/activity.ts';
import { type Db, quoteIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { type StageTable, stageTable } from '../../stage-table.ts';
import { keptValuesInRange } from '../02-validate/checks.ts';
import type { CheckedFeed, ValidatedFeeds } from '../02-validate/index.ts';
import { withSourceRow } from '../02-validate/quarantine.ts';
import { FEED_COLUMNS, NEEDS_PATIENT, READS_DEATH, columnsReadLater } from './feed-columns.ts';

/** Columns the pricing stage adds; everything else of Activity is set here. */
export const PRICED_COLUMNS = ['cost_gbp', 'nominal_cost_gbp', 'standardised_cost_gbp', 'cost_basis', 'price_year', 'price_source', 'price_ref', 'adjustment', 'units', 'unit'];

export const ActivityNormalised: TableSpec = {
  ...Activity,
  name: 'activity_normalised',
  description: 'Clean activity in one shape, before pricing.',
  columns: Object.fromEntries(Object.entries(Activity.columns).filter(([name]) => !PRICED_COLUMNS.includes(name))),
};

/** Quarantined rows as normalised, with the file they came from (to find their quarantine row). */
export const QuarantinedNormalised: TableSpec = {
  ...ActivityNormalised,
  name: 'activity_normalised_quarantined',
  description: 'Quarantined rows of feeds with no cost column whose stored values are all in range, normalised.',
  columns: { ...ActivityNormalised.columns, source_file: col.string('Input file of the row.') },
};

export const DataCutoff: TableSpec = {
  name: 'data_cutoff',
  description: 'The data cut-off: open spells and ongoing care packages end here.',
  grain: 'One row.',
  columns: { cutoff_date: col.date('Last day of the latest month with clean activity, at most the run date.', required) },
};

export interface NormaliseOptions {
  /** Data cut-off (YYYY-MM-DD): open spells and ongoing care packages end here. */
  cutoff: string;
}

/** What stage 3 hands on. */
export interface NormalisedActivity {
  /** `activity_normalised`: every clean row of every activity feed. */
  all: StageTable;
  /**
   * The same rows without the patients lookup that gives prescriptions their provider (null here), for reads
   * that need no provider: DuckDB cannot drop an unused left join, which cost 32M probes per read.
   */
  noProvider: StageTable;
  /** Quarantined rows of feeds with no cost column, in range: stage 4 prices them as clean rows are priced. */
  quarantined: StageTable;
  /** The data cut-off, one row. */
  cutoff: StageTable;
  /**
   * A select of the clean rows of the patients in `patients` (a table with a patient_id column), filtered in
   * each feed's own scan, before prescriptions' patients lookup (DuckDB does not push a semi-join filter
   * below a left join by itself).
   */
  ofPatients: (patients: StageTable) => string;
}

export async function normaliseActivity(db: Db, validated: ValidatedFeeds, options: NormaliseOptions): Promise<NormalisedActivity> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.cutoff)) {
    throw new PathcostError('BAD_OPTION', `The cut-off date "${options.cutoff}" is not YYYY-MM-DD.`, 'Give the data cut-off as an ISO date.');
  }
  const cutoff = stageTable(DataCutoff.name, DataCutoff);
  await db.run(createTableSql(DataCutoff));
  await db.run(`insert into ${quoteIdent(cutoff.name)} values ($cutoff::date)`, { cutoff: options.cutoff });
  const activityFeeds = validated.feeds.filter((f) => FEED_COLUMNS[f.loaded.spec.name] && f.loaded.present);
  const all = stageTable(ActivityNormalised.name, ActivityNormalised);
  const noProvider = stageTable('activity_normalised_no_provider', ActivityNormalised);
  const quarantined = stageTable(QuarantinedNormalised.name, QuarantinedNormalised);
  await db.run(`create or replace view ${quoteIdent(all.name)} as ${normalisedSql(activityFeeds, cutoff, { rows: 'clean' })}`);
  await db.run(`create or replace view ${quoteIdent(noProvider.name)} as ${normalisedSql(activityFeeds, cutoff, { rows: 'clean', noProvider: true })}`);
  // A quarantined row with no readable supplied cost carries no money unless priced (stage 4).
  await db.run(`create or replace view ${quoteIdent(quarantined.name)} as ${normalisedSql(activityFeeds, cutoff, { rows: 'quarantined' })}`);
  return { all, noProvider, quarantined, cutoff, ofPatients: (patients) => normalisedSql(activityFeeds, cutoff, { rows: 'clean', patients }) };
}

interface Rows {
  rows: 'clean' | 'quarantined';
  /** Prescriptions' provider left null (no patients lookup). */
  noProvider?: boolean;
  /** Only rows of the patients in this table. */
  patients?: StageTable;
}

function normalisedSql(feeds: CheckedFeed[], cutoff: StageTable, rows: Rows): string {
  const selects = feeds.map((feed) => selectSql(feed, FEED_COLUMNS[feed.loaded.spec.name], cutoff, rows));
  const spec = rows.rows === 'quarantined' ? QuarantinedNormalised : ActivityNormalised;
  const columns = Object.entries(spec.columns).map(([name, c]): [string, string] => [name, duckdbType(c)]);
  const typed = columns.map(([name, type]) => `cast(${quoteIdent(name)} as ${type}) as ${quoteIdent(name)}`);
  const empty = `select ${columns.map(([name, type]) => `null::${type} as ${quoteIdent(name)}`).join(', ')} where false`;
  return `select ${typed.join(', ')} from (${[empty, ...selects].join('\nunion all by name\n')})`;
}

function selectSql(feed: CheckedFeed, columns: Record<string, string>, cutoff: StageTable, rows: Rows): string {
  const { spec } = feed.loaded;
  const { from, sourceRow } = withSourceRow(feed, 'c', rows.patients ? `patient_id in (select patient_id from ${quoteIdent(rows.patients.name)})` : undefined);
  const unlinked = NEEDS_PATIENT.has(spec.name) && rows.noProvider === true;
  // The deaths alone for the rows that end at one: a hash table of the few who died, not of every patient.
  const patientJoin = NEEDS_PATIENT.has(spec.name) && !unlinked ? `left join checked_patients pt on pt.patient_id = c.patient_id and pt.reason is null`
    : READS_DEATH.has(spec.name) ? `left join (select patient_id, date_of_death from checked_patients where reason is null and date_of_death is not null) pt on pt.patient_id = c.patient_id`
    : '';
  // the cut-off's one row, joined only by the feeds whose expressions read it
  const cutoffJoin = Object.values(columns).some((e) => e.includes('dc.cutoff_date')) ? `cross join ${quoteIdent(cutoff.name)} dc` : '';
  const select = {
    feed: sqlString(spec.name),
    source_id: `c.${quoteIdent(spec.idColumn!)}::varchar`,
    source_row: sourceRow,
    patient_id: 'c.patient_id',
    ...(rows.rows === 'quarantined' ? { source_file: 'c.source_file' } : {}),
    ...columns,
    ...(unlinked ? { provider_code: 'null::varchar' } : {}),
  };
  const list = Object.entries(select).map(([name, expr]) => `${expr} as ${quoteIdent(name)}`);
  return `select ${list.join(',\n  ')}
from ${from} ${patientJoin} ${cutoffJoin}
where ${rows.rows === 'quarantined' ? `c.reason is not null and ${keptValuesInRange(spec, columnsReadLater(spec), (c) => `c.${quoteIdent(c)}`)}` : 'c.reason is null'}`;
}
