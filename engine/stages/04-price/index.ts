// Stage 4 — price: every normalised row gets a cost, its basis (DESIGN §4 order), price year, the reference
// row it came from, the adjustment applied, a standardised (resource-use) figure and physical units.
// The rules are in activity.sql; the reference tables and why they hold what they hold in reference/README.md.
// Shape for scale: every reference price is resolved per distinct pricing key first (price_key: thousands of
// rows whatever the activity volume), so the one pass over the activity is a single hash join plus arithmetic.
import { Activity } from '../../../schemas/tables/activity.ts';
import { costPeriodDaysSql } from '../../cost-periods.ts';
import { type Db, readSql, quoteIdent } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { loadReference } from '../../reference.ts';
import { type StageTable, ident, stageTable } from '../../stage-table.ts';
import { Quarantine } from '../../../schemas/tables/quarantine.ts';
import { ActivityNormalised, type NormalisedActivity, PRICED_COLUMNS } from '../03-normalise/index.ts';
import { ActivityTotals, FeedMonth, buildActivityTotals, measureCoverage } from './coverage.ts';
import { loadProviderMff } from './mff.ts';

export interface PriceOptions {
  /** Restate every row to this financial year (e.g. '2024/25') with the NHS cost inflation index. */
  priceYear?: string;
}

export interface PriceInputs {
  normalised: NormalisedActivity;
  /** Stage 2's quarantine: rows of feeds that supply no cost get the money their own values give. */
  quarantine: StageTable;
  /** The checked provider_mff feed (no rows when the input has none). */
  providerMff: StageTable;
}

/** What stage 4 hands on. */
export interface PricedActivity {
  /** `activity`: every clean row priced as it is read (a view: never stored for all rows). */
  activity: StageTable;
  /**
   * The same rows before pricing (stage 3's view), for reads that need no price, such as the episode anchors:
   * DuckDB cannot drop the pricing joins from a read of `activity` that uses none of their columns.
   */
  unpriced: StageTable;
  /** The one read of every priced row: rows, unpriced rows and money per feed × provider × month. */
  totals: StageTable;
  /** Monthly volumes and coverage per feed. */
  feedMonth: StageTable;
  /** provider_code → MFF index. */
  providerMff: StageTable;
  /** Stage 2's quarantine rows, with the money their own values give where the feed supplies none. */
  quarantine: StageTable;
  /**
   * A select of the priced rows of the patients in `patients` (any table with a patient_id column), filtered in each feed's own scan, and by `narrow`
   * before they are priced (it is given a select of normalised rows and returns a select of some of them; any
   * column it adds is dropped).
   */
  ofPatients: (patients: StageTable, narrow?: (rows: string) => string) => string;
}

/** Prices the normalised activity as the view `activity`, reads it once into the totals, and prices quarantined rows. */
export async function priceActivities(db: Db, inputs: PriceInputs, options: PriceOptions = {}): Promise<PricedActivity> {
  await loadReference(db);
  if (options.priceYear !== undefined) await checkPriceYear(db, options.priceYear);
  await db.exec(await readSql(new URL('./helpers.sql', import.meta.url)));
  await db.run(`create or replace macro cost_period_days(frequency) as ${costPeriodDaysSql('frequency')}`);
  // small tables first: the price each rule and staff role gives per financial year, then every price each
  // distinct pricing key of the activity could take; the large pass then joins each row to its key once
  await db.runFile(new URL('./price_ncc.sql', import.meta.url));
  await db.runFile(new URL('./price_staff.sql', import.meta.url));
  const keys = (await readSql(new URL('./price_key.sql', import.meta.url))).trim();
  await db.run(`create or replace table price_key as with key_input as (select * from ${quoteIdent(inputs.normalised.noProvider.name)}), keyed as (${keys}) select * from keyed`, { price_year: options.priceYear ?? null });
  await checkOnePricePerKey(db);
  const providerMff = await loadProviderMff(db, inputs.providerMff);
  const { normalised } = inputs;
  const pricing = await readSql(new URL('./activity.sql', import.meta.url));
  const priced = (source: string, passThrough: string[] = []) => pricedSql(pricing, source, normalised.cutoff, passThrough);
  const activity = stageTable('activity', Activity);
  await db.run(`create or replace view ${quoteIdent(activity.name)} as ${priced(`select * from ${quoteIdent(normalised.all.name)}`)}`);
  const quarantine = await priceQuarantinedRows(db, inputs.quarantine, priced(`select * from ${quoteIdent(normalised.quarantined.name)}`, ['source_file']));
  await buildActivityTotals(db, activity);
  await measureCoverage(db);
  return {
    activity,
    unpriced: normalised.all,
    totals: stageTable(ActivityTotals.name, ActivityTotals),
    feedMonth: stageTable(FeedMonth.name, FeedMonth),
    providerMff,
    quarantine,
    ofPatients: (patients, narrow = (rows) => rows) => priced(narrow(normalised.ofPatients(patients))),
  };
}

/**
 * A quarantined row keeps the cost it supplies, where readable; one without (a spell priced from its HRG, a
 * patient's GP time, social care, which supplies none) gets the money its own values give, priced as a clean row
 * is (the same pricing over the few quarantined rows), so quarantined_gbp counts it: setting a row aside must not
 * take its pounds out of the books. A row whose values price to nothing (no unit cost, an unknown frequency, a
 * value out of range, an unreadable line) keeps no cost, and the build says how many such rows there are.
 */
async function priceQuarantinedRows(db: Db, checked: StageTable, pricedSelect: string): Promise<StageTable> {
  const quarantine = stageTable(Quarantine.name, Quarantine);
  // a quarantined line has one normalised row (feed, file, line), so the join adds no row
  await db.run(`
create or replace table ${ident(quarantine)} as
select q.* replace (coalesce(q.cost_gbp, p.cost_gbp) as cost_gbp)
from ${ident(checked)} q
left join (select feed, source_file, source_row, cost_gbp from (${pricedSelect}) where cost_basis <> 'unpriced') p
  on q.feed = p.feed and q.file = p.source_file and q.source_row = p.source_row`);
  return quarantine;
}

/**
 * The priced rows of `source` (a select of normalised rows) at the cut-off in `cutoff`: activity.sql over them,
 * then activity_normalised's columns (from the schema, quoted), the priced ones, and `passThrough` columns of
 * `source` after them.
 */
function pricedSql(pricing: string, source: string, cutoff: StageTable, passThrough: string[]): string {
  const columns = [...Object.keys(ActivityNormalised.columns), ...PRICED_COLUMNS, ...passThrough].map(quoteIdent).join(', ');
  return `with pricing_input as (${source}), pricing_cutoff as (select cutoff_date from ${quoteIdent(cutoff.name)}), priced as (${pricing.trim()})
select ${columns} from priced`;
}

/**
 * Every normalised row must come out priced exactly once (DESIGN §1: nothing is silently dropped or doubled):
 * the view left-joins price_key, so each key must have one row there, and price_key holds every key.
 */
async function checkOnePricePerKey(db: Db): Promise<void> {
  const { keys, distinct_keys } = await db.one<{ keys: number; distinct_keys: number }>(`
select count(*)::int as keys, count(distinct (activity_type, service_type, staff_role, hrg, fy, class))::int as distinct_keys from price_key`);
  if (keys !== distinct_keys) {
    throw new PathcostError('INTERNAL', `The price key table has ${keys} rows for ${distinct_keys} keys.`, 'Report this as a bug.');
  }
}

async function checkPriceYear(db: Db, priceYear: string): Promise<void> {
  const years = await db.all<{ financial_year: string; is_extrapolated: boolean }>(
    `select financial_year, is_extrapolated from ref_inflation order by fy_start`,
  );
  if (!years.some((y) => y.financial_year === priceYear)) {
    const range = `${years[0]?.financial_year}–${years.at(-1)?.financial_year}`;
    throw new PathcostError(
      'BAD_OPTION',
      `No NHS cost inflation index for price year "${priceYear}": the index covers ${range}.`,
      'Give a financial year like 2024/25 within that range (reference/README.md explains the limits).',
    );
  }
}
