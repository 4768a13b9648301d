// The data cut-off: the last day of the latest month in which some feed holds a real month of clean activity,
// on or before the run date. Open spells and ongoing care packages are costed to it.
// A month counts for a feed when it holds at least a tenth of the feed's median month: a partial last month of
// three days or more does, but one mistyped date a year past the rest of the extract does not (taking the
// latest date of any row, such a row once costed every ongoing care package fifteen months on).
import type { Db } from '../../db.ts';
import { quoteIdent } from '../../db.ts';
import type { ValidatedFeeds } from './index.ts';

/** Share of a feed's median month that makes a month one of the feed's months of data (for the cut-off, and for an annual cohort's first year). */
export const DATA_MONTH_SHARE = 0.1;

export async function dataCutoff(db: Db, validated: ValidatedFeeds, asOf: string): Promise<string> {
  const dated = validated.feeds.filter((f) => f.loaded.present && f.loaded.spec.dateColumn && f.loaded.spec.patientColumn);
  if (dated.length === 0) return asOf;
  const months = dated.map((f, i) =>
    // months as integers (year × 12 + month − 1): date_trunc makes a timestamp of every date, six times slower
    `select ${i} as feed, year(${quoteIdent(f.loaded.spec.dateColumn!)}) * 12 + month(${quoteIdent(f.loaded.spec.dateColumn!)}) - 1 as month, count(*) as n
     from ${quoteIdent(f.table.name)} where reason is null and ${quoteIdent(f.loaded.spec.dateColumn!)} is not null group by all`);
  const row = await db.one<{ cutoff: string | null }>(
    `select strftime(least(last_day(make_date((max(month) // 12)::integer, (max(month) % 12 + 1)::integer, 1)), $as_of::date), '%Y-%m-%d') as cutoff
     from (select feed, month, n, median(n) over (partition by feed) as typical from (${months.join(' union all ')}))
     where n >= $share * typical`,
    { as_of: asOf, share: DATA_MONTH_SHARE },
  );
  return row.cutoff ?? asOf;
}
