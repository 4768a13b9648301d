// The data cut-off: the last day of the latest month holding clean activity on or before the run date.
// Open spells and ongoing care packages are costed to it.
import type { Db } from '../../db.ts';
import { quoteIdent } from '../../db.ts';
import type { ValidatedFeeds } from './index.ts';

export async function dataCutoff(db: Db, validated: ValidatedFeeds, asOf: string): Promise<string> {
  const dated = validated.feeds.filter((f) => f.loaded.present && f.loaded.spec.dateColumn && f.loaded.spec.patientColumn);
  if (dated.length === 0) return asOf;
  const maxima = dated.map((f) => `select max(${quoteIdent(f.loaded.spec.dateColumn!)})::date as d from ${quoteIdent(f.table.name)} where reason is null`);
  const row = await db.one<{ cutoff: string | null }>(`select strftime(least(last_day(max(d)), $as_of::date), '%Y-%m-%d') as cutoff from (${maxima.join(' union all ')})`, { as_of: asOf });
  return row.cutoff ?? asOf;
}
