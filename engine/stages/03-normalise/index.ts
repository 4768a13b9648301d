// Stage 3 — normalise: every clean row of every activity feed into one long `activity_normalised` table.
import { createTableSql, type TableSpec } from '../../../schemas/define.ts';
import { Activity } from '../../../schemas/tables/activity.ts';
import { type Db, sqlIdent, sqlString } from '../../db.ts';
import type { LoadedFeed } from '../01-load/index.ts';
import { withSourceRow } from '../02-validate/quarantine.ts';
import { FEED_COLUMNS, NEEDS_PATIENT } from './feed-columns.ts';

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
  await db.run(createTableSql(ActivityNormalised));
  for (const feed of feeds) {
    const columns = FEED_COLUMNS[feed.spec.name];
    if (!columns || !feed.present) continue;
    const sql = insertSql(feed, columns);
    await db.run(sql, sql.includes('$cutoff') ? { cutoff: options.cutoff } : undefined);
  }
}

function insertSql(feed: LoadedFeed, columns: Record<string, string>): string {
  const { spec } = feed;
  const { from, sourceRow } = withSourceRow(feed);
  const patientJoin = NEEDS_PATIENT.has(spec.name) ? `left join checked_patients pt on pt.patient_id = c.patient_id and pt.reason is null` : '';
  const select = {
    feed: sqlString(spec.name),
    source_id: `c.${sqlIdent(spec.idColumn!)}::varchar`,
    source_row: sourceRow,
    patient_id: 'c.patient_id',
    ...columns,
  };
  const list = Object.entries(select).map(([name, expr]) => `${expr} as ${sqlIdent(name)}`);
  return `insert into activity_normalised by name
select ${list.join(',\n  ')}
from ${from} ${patientJoin}
where c.reason is null`;
}
