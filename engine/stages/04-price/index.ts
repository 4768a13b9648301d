// Stage 4 — price: every normalised row gets a cost, its basis (DESIGN §4 order), price year, the reference
// row it came from, the adjustment applied, a standardised (resource-use) figure and physical units.
// The rules are in activity.sql; the reference tables and why they hold what they hold in reference/README.md.
// Shape for scale: every reference price is resolved per distinct pricing key first (price_key: thousands of
// rows whatever the activity volume), so the one pass over the activity is a single hash join plus arithmetic.
import { createTableSql } from '../../../schemas/define.ts';
import { Activity } from '../../../schemas/tables/activity.ts';
import { type Db, readSql, sqlIdent } from '../../db.ts';
import { PathcostError } from '../../errors.ts';
import { loadReference } from '../../reference.ts';
import { ActivityNormalised } from '../03-normalise/index.ts';

export interface PriceOptions {
  /** Data cut-off (YYYY-MM-DD): care packages are never costed past it. */
  cutoffDate: string;
  /** Restate every row to this financial year (e.g. '2024/25') with the NHS cost inflation index. */
  priceYear?: string;
}

const REFERENCE_TABLES = ['ref_ncc_unit_cost', 'ref_staff_cost_per_minute', 'ref_inflation', 'ref_ncc_currency_map'];

/** Reads `activity_normalised`, writes `activity` (every column of the Activity spec) in one pass over it. */
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
  await db.run(createTableSql(Activity));
  await db.run(await pricingSql(), { cutoff: options.cutoffDate });
  await checkNothingDropped(db);
}

/** The statement, with activity_normalised's columns (from the schema, quoted) passed through by name. */
export async function pricingSql(): Promise<string> {
  const sql = await readSql(new URL('./activity.sql', import.meta.url));
  const columns = Object.keys(ActivityNormalised.columns).map(sqlIdent).join(', ');
  return sql.replace('{{input_columns}}', columns);
}

/** Every normalised row must come out priced exactly once (DESIGN §1: nothing is silently dropped). */
async function checkNothingDropped(db: Db): Promise<void> {
  const { rows_in, rows_out, keyless } = await db.one<{ rows_in: number; rows_out: number; keyless: number }>(`
select (select count(*) from activity_normalised)::int as rows_in, (select count(*) from activity)::int as rows_out,
  (select count(*) from activity where price_year is null)::int as keyless`);
  if (rows_in !== rows_out || keyless > 0) {
    throw new PathcostError('INTERNAL', `Pricing wrote ${rows_out} rows for ${rows_in} normalised rows (${keyless} without a pricing key).`, 'Report this as a bug.');
  }
}

async function ensureReference(db: Db): Promise<void> {
  const { n } = await db.one<{ n: number }>(
    `select count(*)::int as n from information_schema.tables where table_name in (${REFERENCE_TABLES.map((t) => `'${t}'`).join(', ')})`,
  );
  if (n < REFERENCE_TABLES.length) await loadReference(db);
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
