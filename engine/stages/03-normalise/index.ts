// Stage 3 — normalise: every clean row of every activity feed as one long `activity_normalised` view.
import { type TableSpec, duckdbType } from '../../../schemas/define.ts';
import { Activity } from '../../../schemas/tables/activity.ts';
import { type Db, sqlIdent, sqlString } from '../../db.ts';
import type { LoadedFeed } from '../01-load/index.ts';
import { withSourceRow } from '../02-validate/quarantine.ts';
import { keptValuesInRange } from '../02-validate/checks.ts';
import { FEED_COLUMNS, NEEDS_PATIENT, columnsReadLater } from './feed-columns.ts';

/** Columns the pricing stage adds; everything else of Activity is set here. */
export const PRICED_COLUMNS = ['cost_gbp', 'nominal_cost_gbp', 'standardised_cost_gbp', 'cost_basis', 'price_year', 'price_source', 'price_ref', 'adjustment', 'units', 'unit'];

export const ActivityNormalised: TableSpec = {
  ...Activity,
  name: 'activity_normalised',
  description: 'Clean activity in one shape, before pricing.',
  columns: Object.fromEntries(Object.entries(Activity.columns).filter(([name]) => !PRICED_COLUMNS.includes(name))),
};

export interface NormaliseOptions {
  /** Data cut-off: open spells and ongoing care packages end here. */
  cutoff: string;
}

export async function normaliseActivity(db: Db, feeds: LoadedFeed[], options: NormaliseOptions): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.cutoff)) throw new Error(`cut-off ${options.cutoff} is not YYYY-MM-DD`);
  // Views, not tables: rows are normalised (and priced, stage 4) as they are read, so the 50M rows are stored
  // once, typed, in stage 2. The cut-off is an engine-computed date, inlined because a view takes no parameters.
  await db.run(`create table if not exists ${SCOPE_PATIENTS} (patient_id varchar)`);
  await db.run(normalisedViewSql('activity_normalised', feeds, options.cutoff, 'all'));
  await db.run(normalisedViewSql(NORMALISED_IN_SCOPE, feeds, options.cutoff, 'in_scope'));
  await db.run(normalisedViewSql(NORMALISED_NO_PROVIDER, feeds, options.cutoff, 'no_provider'));
  // Feeds that supply no cost (social care) carry no money on their quarantined rows unless priced (stage 4).
  await db.run(normalisedViewSql(NORMALISED_QUARANTINED, feeds.filter((f) => !f.spec.costColumn), options.cutoff, 'quarantined'));
}

/** Patients whose activity later stages need row by row (those with an episode), filled once episodes exist. */
export const SCOPE_PATIENTS = 'scope_patients';
/** activity_normalised of scope patients only, filtered in each feed's own scan. */
export const NORMALISED_IN_SCOPE = 'activity_normalised_in_scope';
/**
 * activity_normalised without the patients lookup that gives prescriptions their provider (null here), for
 * reads that need no provider: DuckDB cannot drop an unused left join, which cost 32M probes per read.
 */
export const NORMALISED_NO_PROVIDER = 'activity_normalised_no_provider';

/**
 * Quarantined rows of feeds with no cost column whose stored values are all in range (a value that failed to type
 * is null), with their file: stage 4 prices them as clean rows are priced.
 */
export const NORMALISED_QUARANTINED = 'activity_normalised_quarantined';

type Rows = 'all' | 'in_scope' | 'no_provider' | 'quarantined';

function normalisedViewSql(view: string, feeds: LoadedFeed[], cutoffDate: string, rows: Rows): string {
  const cutoff = `${sqlString(cutoffDate)}::date`;
  const selects = feeds
    .filter((feed) => FEED_COLUMNS[feed.spec.name] && feed.present)
    .map((feed) => selectSql(feed, FEED_COLUMNS[feed.spec.name], rows).replaceAll('$cutoff::date', cutoff));
  const columns = Object.entries(ActivityNormalised.columns).map(([name, c]): [string, string] => [name, duckdbType(c)]);
  if (rows === 'quarantined') columns.push(['source_file', 'VARCHAR']);
  const typed = columns.map(([name, type]) => `cast(${sqlIdent(name)} as ${type}) as ${sqlIdent(name)}`);
  const empty = `select ${columns.map(([name, type]) => `null::${type} as ${sqlIdent(name)}`).join(', ')} where false`;
  return `create or replace view ${view} as
select ${typed.join(', ')} from (${[empty, ...selects].join('\nunion all by name\n')})`;
}

function selectSql(feed: LoadedFeed, columns: Record<string, string>, rows: Rows): string {
  const { spec } = feed;
  const { from, sourceRow } = withSourceRow(feed, 'c', rows === 'in_scope' ? `patient_id in (select patient_id from ${SCOPE_PATIENTS})` : undefined);
  const unlinked = NEEDS_PATIENT.has(spec.name) && rows === 'no_provider';
  const patientJoin = NEEDS_PATIENT.has(spec.name) && !unlinked ? `left join checked_patients pt on pt.patient_id = c.patient_id and pt.reason is null` : '';
  const select = {
    feed: sqlString(spec.name),
    source_id: `c.${sqlIdent(spec.idColumn!)}::varchar`,
    source_row: sourceRow,
    patient_id: 'c.patient_id',
    ...(rows === 'quarantined' ? { source_file: 'c.source_file' } : {}),
    ...columns,
    ...(unlinked ? { provider_code: 'null::varchar' } : {}),
  };
  const list = Object.entries(select).map(([name, expr]) => `${expr} as ${sqlIdent(name)}`);
  return `select ${list.join(',\n  ')}
from ${from} ${patientJoin}
where ${rows === 'quarantined' ? `c.reason is not null and ${keptValuesInRange(spec, columnsReadLater(spec), (c) => `c.${sqlIdent(c)}`)}` : 'c.reason is null'}`;
}
