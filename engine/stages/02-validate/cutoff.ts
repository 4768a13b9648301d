// The data cut-off: the last day of the latest month holding clean activity on or before the run date.
// Open spells and ongoing care packages are costed to it.
import type { Db } from '../../db.ts';
import { sqlIdent } from '../../db.ts';
import type { LoadedFeed } from '../01-load/index.ts';

export async function dataCutoff(db: Db, feeds: LoadedFeed[], asOf: string): Promise<string> {
  const dated = feeds.filter((f) => f.present && f.spec.dateColumn && f.spec.patientColumn);
  if (dated.length === 0) return asOf;
  const maxima = dated.map((f) => `select max(${sqlIdent(f.spec.dateColumn!)})::date as d from ${sqlIdent(`checked_${f.spec.name}`)} where reason is null`);
  const row = await db.one<{ cutoff: string | null }>(`select strftime(least(last_day(max(d)), $as_of::date), '%Y-%m-%d') as cutoff from (${maxima.join(' union all ')})`, { as_of: asOf });
  return row.cutoff ?? asOf;
}
