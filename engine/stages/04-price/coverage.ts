// The one read of every priced row: totals per feed × provider × month (for coverage, data quality, the ledger
// and reconciliation), and from them the monthly volumes and coverage that decide which episodes are provisional.
import { type TableSpec, col } from '../../../schemas/define.ts';
import { type Db, quoteIdent } from '../../db.ts';
import type { StageTable } from '../../stage-table.ts';
import { IS_SPLIT, SPLIT_TOTAL } from './plics-split.ts';

export const ActivityTotals: TableSpec = {
  name: 'activity_totals',
  description: 'Every priced row, summed per feed × provider × month.',
  grain: 'One row per feed × provider × month.',
  columns: {
    feed: col.string('Feed.'), provider_code: col.string('Provider.'), month: col.string('YYYY-MM of the start date.'),
    rows_clean: col.integer('Clean rows.'), unpriced: col.integer('Rows no rule priced.'), clean_gbp: col.money('Their cost.'),
    supplied_gbp: col.money('The cost the provider supplied on them.'),
    split_overheads_gbp: col.money('Overheads of the rows whose PLICS split is used.'),
    split_total_gbp: col.money('The whole split (all seven components) of those rows.'),
  },
};

export const FeedMonth: TableSpec = {
  name: 'feed_month',
  description: 'Clean and unpriced rows per feed × month, against the feed\'s typical (median) month.',
  grain: 'One row per feed × month.',
  columns: {
    feed: col.string('Feed.'), month: col.string('YYYY-MM.'), rows_clean: col.integer('Clean rows.'), unpriced: col.integer('Unpriced rows.'),
    typical: col.decimal('Median monthly clean rows of the feed.'), coverage: col.decimal('rows_clean ÷ typical.'),
  },
};

/** A month is covered when it holds at least this share of the feed's typical (median) monthly volume. */
export const COVERAGE_THRESHOLD = 0.85;

/**
 * Clean rows, unpriced rows and money of every priced row of `activity`, per feed × provider × month
 * (`activity_totals`), the part of it the provider costed itself (`supplied_gbp`, as supplied: what its cost
 * ledger holds), and the overheads and whole of the PLICS splits (for the ICB's overhead rate): one read of the
 * priced rows gives all of them.
 */
export async function buildActivityTotals(db: Db, activity: StageTable): Promise<void> {
  await db.run(`
create or replace table ${quoteIdent(ActivityTotals.name)} as
-- grouped by year and month as integers, formatted once per group: strftime on every row cost a sixth of this
-- read, and date_trunc (which makes a timestamp of every date) about a fifth
select feed, provider_code, printf('%04d-%02d', y, m) as month, rows_clean, unpriced, clean_gbp, supplied_gbp, split_overheads_gbp, split_total_gbp
from (
  select feed, provider_code, year(start_date) as y, month(start_date) as m, count(*) as rows_clean,
    count(*) filter (where cost_basis = 'unpriced') as unpriced, sum(cost_gbp) as clean_gbp,
    -- supplied cost > 0 is the plics_actual / supplied basis (stage 4's first rules), without a string compare
    coalesce(sum(supplied_cost_gbp) filter (where supplied_cost_gbp > 0), 0) as supplied_gbp,
    sum(cost_overheads) filter (where ${IS_SPLIT}) as split_overheads_gbp, sum(${SPLIT_TOTAL}) filter (where ${IS_SPLIT}) as split_total_gbp
  from ${quoteIdent(activity.name)} group by all
)`);
}

/** Monthly volumes and coverage per feed (`feed_month`), from activity_totals. */
export async function measureCoverage(db: Db): Promise<void> {
  await db.run(`
create or replace table ${quoteIdent(FeedMonth.name)} as
with months as (
  select feed, month, sum(rows_clean) as rows_clean, sum(unpriced) as unpriced from ${quoteIdent(ActivityTotals.name)} group by all
), typical as (select feed, median(rows_clean) as typical from months group by feed)
select m.*, t.typical, m.rows_clean / t.typical as coverage from months m join typical t using (feed)`);
}

/** Last day up to which every present feed is covered (the latest month at or above the threshold). */
export async function coverageEnd(db: Db, cutoff: string): Promise<string> {
  const row = await db.one<{ end_date: string | null }>(
    `select strftime(min(last_day), '%Y-%m-%d') as end_date from (
       select feed, last_day(max(strptime(month, '%Y-%m'))::date) as last_day from feed_month where coverage >= $threshold group by feed)`,
    { threshold: COVERAGE_THRESHOLD },
  );
  return row.end_date && row.end_date < cutoff ? row.end_date : cutoff;
}
