// Data quality, reconciliation (pathway and cost ledger) and run manifests. Counts below the build's threshold are hidden here too, with
// the check's detail text (which may repeat the count). A reconciliation row whose pathway money comes from fewer
// patients than the threshold would show what those patients cost, so its money is hidden (the difference, the
// point of the table, stays), with complements over its months (the build's `suppressed`).
import type { DataQualityQuery, LedgerReconciliationQuery, ManifestsQuery, Page, ReconciliationQuery } from '../../schemas/api/index.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../../schemas/disclosure.ts';
import type { ReadDb } from '../read-pool.ts';
import { DataQuality } from '../../schemas/tables/data-quality.ts';
import { Manifest } from '../../schemas/tables/manifest.ts';
import { Reconciliation } from '../../schemas/tables/reconciliation.ts';
import { LedgerReconciliation } from '../../schemas/tables/ledger-reconciliation.ts';
import { isSmall, opt, pageOrCount, selectColumns, suppressedColumns } from './sql.ts';

// Every check counts rows or patients except these (a ratio, a flag, a provider's ledger gap in £, a column the
// extract lacks): small counts are hidden, including from checks the engine adds later.
const NOT_COUNTS = ['coverage', 'missing_feed'];
const NOT_COUNTS_PREFIXES = ['ledger_gap:', 'absent_column:'];

// A month's coverage is its rows ÷ the feed's typical month, which any month shown gives (and a light month's
// detail states): it is hidden with the month's rows, or coverage × typical would give them back.
const DQ_FILTERED = `
  select d.*, (("check" not in (${NOT_COUNTS.map((c) => `'${c}'`).join(', ')}) and ${NOT_COUNTS_PREFIXES.map((p) => `not starts_with("check", '${p}')`).join(' and ')} and ${isSmall('value')})
    or ("check" = 'coverage' and (feed, month) in (select (feed, month) from data_quality where "check" = 'rows_clean' and ${isSmall('value')}))) as hide
  from data_quality d
  where ($feed is null or feed = $feed) and ($month is null or month = $month) and ($check_name is null or "check" = $check_name)`;

const DQ_PAGE = `
with filtered as (${DQ_FILTERED})
select ${suppressedColumns(DataQuality, { alsoHide: ['detail'] })},
  (count(*) over ())::integer as _total
from filtered
order by feed, month, "check"
limit $limit offset $offset`;

const DQ_COUNT = `with filtered as (${DQ_FILTERED}) select count(*)::integer as n from filtered`;

export async function listDataQuality(db: ReadDb, q: DataQualityQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, feed: opt(q.feed), month: opt(q.month), check_name: opt(q.check) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(DQ_PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(DQ_COUNT, p))[0].n);
}

const FILTERS = (t: string) => `
    ($pathway is null or ${t}.pathway_id = $pathway) and ($feed is null or ${t}.feed = $feed)
    and ($provider is null or ${t}.provider_code = $provider) and ($month is null or ${t}.month = $month)`;

// The build's flags (engine/disclosure/reconciliation-cells.ts: small rows and their complements over the months),
// and a small count hidden here too should a row carry no flag.
const RECON_FILTERED = `
  select r.*, (coalesce(r.suppressed, true) or ${isSmall('coalesce(r.n_patients, 0)')}) as hide
  from reconciliation r
  where ${FILTERS('r')}`;

const RECON_PAGE = `
with filtered as (${RECON_FILTERED})
select ${suppressedColumns(Reconciliation, { keep: ['difference_gbp', 'non_attributable_gbp'] })},
  (count(*) over ())::integer as _total
from filtered
order by pathway_id, feed, provider_code, month
limit $limit offset $offset`;

const RECON_COUNT = `with filtered as (${RECON_FILTERED}) select count(*)::integer as n from filtered`;

export async function listReconciliation(db: ReadDb, q: ReconciliationQuery, minShown: number): Promise<Page<Record<string, unknown>>> {
  const p = { min_shown: minShown, pathway: opt(q.pathway), feed: opt(q.feed), provider: opt(q.provider), month: opt(q.month) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(RECON_PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(RECON_COUNT, p))[0].n);
}

// Provider × month totals of a whole trust's costing: no patient count to suppress.
const LEDGER_FILTERED = `
  select * from ledger_reconciliation where ($provider is null or provider_code = $provider) and ($month is null or month = $month)`;

const LEDGER_PAGE = `
with filtered as (${LEDGER_FILTERED})
select ${selectColumns(LedgerReconciliation)}, (count(*) over ())::integer as _total
from filtered
order by provider_code, month
limit $limit offset $offset`;

const LEDGER_COUNT = `with filtered as (${LEDGER_FILTERED}) select count(*)::integer as n from filtered`;

export async function listLedgerReconciliation(db: ReadDb, q: LedgerReconciliationQuery): Promise<Page<Record<string, unknown>>> {
  const p = { provider: opt(q.provider), month: opt(q.month) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(LEDGER_PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(LEDGER_COUNT, p))[0].n);
}

const MANIFESTS = `
select ${selectColumns(Manifest)}, (count(*) over ())::integer as _total
from manifest
order by built_at desc, run_id
limit $limit offset $offset`;

/**
 * Run manifests. The build's row counts (episodes, each feed's rows, quarantined rows) are never suppressed, so
 * only an admin gets them: beside the hidden cells of other outputs, a total gives a lone hidden cell away (a
 * build of 6 episodes, and /api/pathways listing 6 pathway-months, puts 1 episode in each).
 */
export async function listManifests(db: ReadDb, q: ManifestsQuery, withCounts: boolean): Promise<Page<Record<string, unknown>>> {
  const rows = await db.all<{ manifest_json: string; _total: number }>(MANIFESTS, { limit: q.limit, offset: q.offset });
  const parsed = rows.map(({ manifest_json, ...r }) => ({ ...r, manifest: withCounts ? JSON.parse(manifest_json) : withoutCounts(JSON.parse(manifest_json)) }));
  return pageOrCount(parsed, q, async () => (await db.all<{ n: number }>('select count(*)::integer as n from manifest'))[0].n);
}

export interface BuildInfo {
  run_id: string;
  built_at: string | null;
  engine_version: string | null;
  /** Smallest count the build published; every count the API computes is held to it too. */
  suppression_threshold: number;
}

/** The newest run in the file: its run_id keys every ETag the process sends. */
export async function readBuildInfo(db: ReadDb): Promise<BuildInfo> {
  const [row] = await db.all<BuildInfo>('select run_id, built_at, engine_version, suppression_threshold::integer as suppression_threshold from manifest order by built_at desc, run_id limit 1');
  return row ?? { run_id: 'no-manifest', built_at: null, engine_version: null, suppression_threshold: DEFAULT_SUPPRESSION_THRESHOLD };
}

function withoutCounts(manifest: Record<string, unknown>): Record<string, unknown> {
  const { row_counts: _rows, facts, ...rest } = manifest as { row_counts?: unknown; facts?: Record<string, unknown> };
  if (!facts) return rest;
  const { counts: _counts, feed_rows: _feedRows, ...kept } = facts;
  return { ...rest, facts: kept };
}
