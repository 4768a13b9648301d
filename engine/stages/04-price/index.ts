// Stage 4 — price: every normalised row gets a cost, its basis (DESIGN §4 order), price year, the reference
// row it came from, the adjustment applied, a standardised (resource-use) figure and physical units.
// The rules are in activity.sql; the reference tables and why they hold what they hold in reference/README.md.
// Shape for scale: every reference price is resolved per distinct pricing key first (price_key: thousands of
// rows whatever the activity volume), so the one pass over the activity is a single hash join plus arithmetic.
import { type Db, readSql, sqlIdent, sqlString } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { loadReference } from '../../reference.ts';
import { ActivityNormalised, NORMALISED_IN_SCOPE, NORMALISED_QUARANTINED } from '../03-normalise/index.ts';
import { loadProviderMff } from './mff.ts';

export interface PriceOptions {
  /** Data cut-off (YYYY-MM-DD): care packages are never costed past it. */
  cutoffDate: string;
  /** Restate every row to this financial year (e.g. '2024/25') with the NHS cost inflation index. */
  priceYear?: string;
}

const REFERENCE_TABLES = ['ref_ncc_unit_cost', 'ref_staff_cost_per_minute', 'ref_inflation', 'ref_ncc_currency_map'];

/** Prices `activity_normalised` as the view `activity` (every column of the Activity spec). */
export async function priceActivities(db: Db, options: PriceOptions): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.cutoffDate)) {
    throw new PathcostError('BAD_OPTION', `The cut-off date "${options.cutoffDate}" is not YYYY-MM-DD.`, 'Give the data cut-off as an ISO date.');
  }
  await ensureReference(db);
  if (options.priceYear !== undefined) await checkPriceYear(db, options.priceYear);
  await db.exec(await readSql(new URL('./helpers.sql', import.meta.url)));
  // small tables first: the price each rule and staff role gives per financial year, then every price each
  // distinct pricing key of the activity could take; the large pass then joins each row to its key once
  await db.runFile(new URL('./price_ncc.sql', import.meta.url));
  await db.runFile(new URL('./price_staff.sql', import.meta.url));
  await db.runFile(new URL('./price_key.sql', import.meta.url), { price_year: options.priceYear ?? null });
  await checkOnePricePerKey(db);
  await loadProviderMff(db);
  await db.run(await pricingSql('activity', 'activity_normalised', options.cutoffDate));
  if (await db.exists(NORMALISED_IN_SCOPE)) await db.run(await pricingSql(ACTIVITY_IN_SCOPE, NORMALISED_IN_SCOPE, options.cutoffDate));
  await priceQuarantinedRows(db, options.cutoffDate);
}

/**
 * Quarantined rows of feeds that supply no cost (social care) get the money their own values give, priced as a
 * clean row is (the same view over the few quarantined rows), so quarantined_gbp counts them. A row whose
 * values price to nothing (no unit cost, an unknown frequency, a value out of range) keeps no cost.
 */
async function priceQuarantinedRows(db: Db, cutoffDate: string): Promise<void> {
  if (!(await db.exists(NORMALISED_QUARANTINED)) || !(await db.exists('quarantine'))) return;
  await db.run(await pricingSql('activity_quarantined', NORMALISED_QUARANTINED, cutoffDate, ['source_file']));
  await db.run(`
update quarantine q set cost_gbp = p.cost_gbp
from activity_quarantined p
where q.feed = p.feed and q.file = p.source_file and q.source_row = p.source_row and p.cost_basis <> 'unpriced'`);
}

/** Priced rows of the patients in scope_patients (a view: stage 6 materialises it once scope_patients is filled). */
export const ACTIVITY_IN_SCOPE = 'activity_in_scope';

/**
 * The view over `source`, with activity_normalised's columns (from the schema, quoted) passed through by name,
 * and `passThrough` columns of `source` after them.
 */
export async function pricingSql(view: string, source: string, cutoffDate: string, passThrough: string[] = []): Promise<string> {
  const sql = await readSql(new URL('./activity.sql', import.meta.url));
  const columns = [...Object.keys(ActivityNormalised.columns), ...passThrough].map(sqlIdent).join(', ');
  return sql
    .replace('{{view}}', sqlIdent(view))
    .replace('{{source}}', sqlIdent(source))
    .replace('{{input_columns}}', columns)
    .replace('{{cutoff}}', sqlString(cutoffDate));
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

async function ensureReference(db: Db): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    if (!(await db.exists(table))) return loadReference(db);
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
