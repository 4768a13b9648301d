// data_quality per feed × month: volumes, unpriced rows and coverage (stage 4's feed_month; 0 where a feed has no
// row in a month of the admitted spells), quarantine reasons,
// values cleared with their row kept, unlinked patients, episodes without an age, ledger gaps and missing feeds.
import { ACTIVITY_FEEDS } from '../../../schemas/feeds/index.ts';
import { type Db, listParam, quoteIdent } from '../../db.ts';
import type { StageTable } from '../../stage-table.ts';
import type { PricedActivity } from '../04-price/index.ts';
import type { LoadedFeed } from '../01-load/index.ts';
import { COVERAGE_THRESHOLD } from '../04-price/coverage.ts';

/**
 * `episodes`: the built episodes, whose unknown ages are counted per pathway (a birth date after the episode
 * began: the patient row is kept, so nothing else says so).
 */
export async function buildDataQuality(db: Db, feeds: LoadedFeed[], priced: Pick<PricedActivity, 'feedMonth' | 'quarantine'>, cleared: StageTable, ledgerReconciliation: StageTable, episodes?: StageTable): Promise<void> {
  const [feedMonth, quarantine] = [quoteIdent(priced.feedMonth.name), quoteIdent(priced.quarantine.name)];
  const present = new Set(feeds.filter((f) => f.present).map((f) => f.spec.name));
  const names = ACTIVITY_FEEDS.map((f) => f.name);
  const presence = names.map((name) => (present.has(name) ? 'present' : 'absent'));
  const absent = feeds.filter((f) => f.present).flatMap((f) => f.absentColumns.map((col) => ({ feed: f.spec.name, col })));
  await db.run(
    `
insert into data_quality by name
select feed, month, 'rows_clean' as check, rows_clean as value, null as detail from ${feedMonth}
union all
select feed, month, 'unpriced', unpriced, 'rows with no pricing rule: cost 0 and counted' from ${feedMonth} where unpriced > 0
union all
select feed, month, 'coverage', round(coverage, 4),
  case when coverage < $threshold then 'light month: ' || round(100 * coverage)::varchar || '% of typical volume (' || typical::varchar || ' rows)' end
from ${feedMonth}
union all
-- a month of the admitted spells that a feed has no row in, though it typically has 20 or more (none by chance is
-- then less likely than 1 in 10^8: an extract cut short): its cost that month is unknown, not zero
select f.feed, s.month, 'coverage', 0,
  'no rows this month, against a typical ' || round(f.typical)::bigint::varchar || ': its cost is unknown, not zero (an extract cut short?)'
from (select distinct feed, typical from ${feedMonth} where typical >= 20) f cross join (select month from ${feedMonth} where feed = 'apc_spells') s
where not exists (select 1 from ${feedMonth} m where m.feed = f.feed and m.month = s.month)
union all
select feed, coalesce(month, 'unknown'), 'quarantined:' || reason, count(*), arg_min(detail, source_row) from ${quarantine} group by all
union all
-- set aside with no £ (an unreadable line, a cost that neither reads nor prices): the books cannot count it
select feed, coalesce(month, 'unknown'), 'quarantined_without_cost', count(*),
  'quarantined rows whose cost could neither be read nor priced (first: line ' || min(source_row)::varchar || '): their £ is unknown, not zero'
from ${quarantine} where cost_gbp is null and (feed in (select unnest($feeds)) or feed = 'cost_ledger') group by all
union all
select feed, 'all', 'cleared:' || reason, count(*), 'line ' || min(source_row)::varchar || ': ' || arg_min(detail, source_row) from ${quoteIdent(cleared.name)} group by all
union all
select feed, 'all', 'unlinked_patients', count(distinct patient_id), 'rows whose patient is not in the patients feed, or whose patients row was quarantined' from ${quarantine} where reason = 'unknown_patient' group by feed
union all
select 'cost_ledger', month, 'ledger_gap:' || provider_code, gap_gbp,
  provider_code || ': supplied patient-level cost £' || supplied_gbp::varchar || ' against the ledger''s £' || ledger_gbp::varchar
  || coalesce(' (' || case when gap_share > 0 then '+' else '' end || round(100 * gap_share, 1)::varchar || '%)', '')
  || ', beyond the ' || round(100 * tolerance, 1)::varchar || '% tolerance: see ledger_reconciliation'
from ${quoteIdent(ledgerReconciliation.name)} where not is_within_tolerance
${episodes ? `union all
select 'patients', 'all', 'episodes_without_age:' || pathway_id, count(*),
  'episodes whose patient was born after the episode began (or its year ended): age unknown, compared in the unknown age band'
from ${quoteIdent(episodes.name)} where age is null group by pathway_id` : ''}
${absent.length ? `union all
-- an optional column the extract lacks: every row reads it as empty (no discharge date: every spell open)
select a.feed, 'all', 'absent_column:' || a.col, 1, 'the extract has no ' || a.col || ' column: every row reads it as empty'
from (select unnest($absentFeeds) as feed, unnest($absentCols) as col) a` : ''}
union all
-- a feed with no row, clean or quarantined: no file, or files with a header only; its cost is unknown, not zero
select f.feed, 'all', 'missing_feed', 1,
  case f.presence when 'present' then 'its files hold no data row (a header only)' else 'no file for this feed' end || ': its cost is unknown, not zero'
from (select unnest($feeds) as feed, unnest($presence) as presence) f
where f.feed not in (select feed from ${feedMonth}) and f.feed not in (select feed from ${quarantine})`,
    { threshold: COVERAGE_THRESHOLD, feeds: listParam(names), presence: listParam(presence), ...(absent.length ? { absentFeeds: listParam(absent.map((a) => a.feed)), absentCols: listParam(absent.map((a) => a.col)) } : {}) },
  );
}
