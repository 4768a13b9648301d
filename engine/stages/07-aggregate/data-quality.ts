// data_quality per feed × month, and the coverage end that decides which episodes are provisional.
import { ACTIVITY_FEEDS } from '../../../schemas/feeds/index.ts';
import type { Db } from '../../db.ts';
import { listParam } from '../../db.ts';
import type { LoadedFeed } from '../01-load/index.ts';

/** A month is covered when it holds at least this share of the feed's typical (median) monthly volume. */
export const COVERAGE_THRESHOLD = 0.85;

/**
 * The one full read of priced activity: rows, unpriced rows and money per feed × provider × month
 * (`activity_totals`, which reconciliation reuses), then monthly volumes and coverage per feed (`feed_month`).
 */
export async function measureCoverage(db: Db): Promise<void> {
  await buildActivityTotals(db);
  await db.run(`
create or replace table feed_month as
with months as (
  select feed, month, sum(rows_clean) as rows_clean, sum(unpriced) as unpriced from activity_totals group by all
), typical as (select feed, median(rows_clean) as typical from months group by feed)
select m.*, t.typical, m.rows_clean / t.typical as coverage from months m join typical t using (feed)`);
}

/**
 * Clean rows, unpriced rows and money of every priced row, per feed × provider × month (`activity_totals`), and
 * the part of it the provider costed itself (`supplied_gbp`, as supplied: what its cost ledger holds).
 */
export async function buildActivityTotals(db: Db): Promise<void> {
  await db.run(`
create or replace table activity_totals as
-- grouped by year and month as integers, formatted once per group: strftime on every row cost a sixth of this
-- read, and date_trunc (which makes a timestamp of every date) about a fifth
select feed, provider_code, printf('%04d-%02d', y, m) as month, rows_clean, unpriced, clean_gbp, supplied_gbp
from (
  select feed, provider_code, year(start_date) as y, month(start_date) as m, count(*) as rows_clean,
    count(*) filter (where cost_basis = 'unpriced') as unpriced, sum(cost_gbp) as clean_gbp,
    -- supplied cost > 0 is the plics_actual / supplied basis (stage 4's first rules), without a string compare
    coalesce(sum(supplied_cost_gbp) filter (where supplied_cost_gbp > 0), 0) as supplied_gbp
  from activity group by all
)`);
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

export async function buildDataQuality(db: Db, feeds: LoadedFeed[]): Promise<void> {
  const missing = ACTIVITY_FEEDS.map((f) => f.name).filter((name) => !feeds.find((f) => f.spec.name === name)?.present);
  const ledger = await db.exists('ledger_reconciliation');
  await db.run(
    `
insert into data_quality by name
select feed, month, 'rows_clean' as check, rows_clean as value, null as detail from feed_month
union all
select feed, month, 'unpriced', unpriced, 'rows with no pricing rule: cost 0 and counted' from feed_month where unpriced > 0
union all
select feed, month, 'coverage', round(coverage, 4),
  case when coverage < $threshold then 'light month: ' || round(100 * coverage)::varchar || '% of typical volume (' || typical::varchar || ' rows)' end
from feed_month
union all
select feed, coalesce(month, 'unknown'), 'quarantined:' || reason, count(*), arg_min(detail, source_row) from quarantine group by all
union all
select feed, 'all', 'unlinked_patients', count(distinct patient_id), 'rows whose patient is not in the patients feed' from quarantine where reason = 'unknown_patient' group by feed
${ledger ? `union all
select 'cost_ledger', month, 'ledger_gap:' || provider_code, gap_gbp,
  provider_code || ': supplied patient-level cost £' || supplied_gbp::varchar || ' against the ledger''s £' || ledger_gbp::varchar
  || coalesce(' (' || case when gap_share > 0 then '+' else '' end || round(100 * gap_share, 1)::varchar || '%)', '')
  || ', beyond the ' || round(100 * tolerance, 1)::varchar || '% tolerance: see ledger_reconciliation'
from ledger_reconciliation where not is_within_tolerance` : ''}
${missing.length ? `union all
select unnest($missing) as feed, 'all', 'missing_feed', 1, 'no file for this feed: its cost is unknown, not zero'` : ''}`,
    { threshold: COVERAGE_THRESHOLD, ...(missing.length ? { missing: listParam(missing) } : {}) },
  );
}
