// Loads the project's derived reference tables (reference/*.csv; provenance in reference/README.md) into
// small DuckDB tables the pricing stage hash-joins to:
//   ref_ncc_unit_cost          NCC unit cost per price year × department × currency
//   ref_staff_cost_per_minute  PSSRU cost per minute per staff group × role × manual edition
//   ref_inflation              NHS cost inflation index (pay & prices) per financial year
//   ref_ncc_currency_map       activity → NCC department + currency, in order of preference
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CurrencyRule } from '../schemas/currency-rule.ts';
import { type Db, sqlString } from './db.ts';
import { PathcostError } from './errors.ts';

const REFERENCE_DIR = new URL('../reference/', import.meta.url);

const csv = (name: string, columns: Record<string, string>) =>
  `read_csv(${sqlString(fileURLToPath(new URL(name, REFERENCE_DIR)))}, header = true, auto_detect = false, columns = {${Object.entries(columns)
    .map(([k, v]) => `'${k}': '${v}'`)
    .join(', ')}})`;

/** Financial year label → first calendar year: '2024/25' → 2024 (DuckDB). */
const fyStart = (column: string) => `cast(left(${column}, 4) as integer)`;

const TEXT = 'VARCHAR';

export async function loadReference(db: Db): Promise<void> {
  await db.run(`create or replace table ref_ncc_unit_cost as
select *, ${fyStart('price_year')} as fy_start
from ${csv('ncc_unit_costs.csv', { price_year: TEXT, department: TEXT, currency_code: TEXT, currency_desc: TEXT, activity: 'BIGINT', unit_cost_gbp: 'DOUBLE', source_file: TEXT, source_row: 'BIGINT' })}`);
  await db.run(`create or replace table ref_staff_cost_per_minute as
select *, ${fyStart('price_year')} as fy_start
from ${csv('staff_cost_per_minute.csv', {
    staff_group: TEXT, role: TEXT, edition_year: 'INTEGER', price_year: TEXT, cost_per_minute_gbp: 'DOUBLE', source_value_gbp: 'DOUBLE',
    divisor: 'INTEGER', source_file: TEXT, source_row: 'BIGINT', source_measure: TEXT, source_options: TEXT, note: TEXT,
  })}`);
  await db.run(`create or replace table ref_inflation as
select * from ${csv('nhs_cost_inflation.csv', {
    financial_year: TEXT, fy_start: 'INTEGER', pay_and_prices_pct: 'DOUBLE', index_value: 'DOUBLE', is_extrapolated: 'BOOLEAN',
    source_file: TEXT, source_row: 'BIGINT', source_year_label: TEXT, note: TEXT,
  })}`);
  await db.run(`create or replace table ref_ncc_currency_map as
select * from ${csv('ncc_currency_map.csv', { activity_type: TEXT, qualifier: TEXT, priority: 'INTEGER', department: TEXT, currency_code: TEXT, note: TEXT, assumption: TEXT })}`);
  await checkCurrencyMap(db);
}

/** The map is hand-written data: check every rule against the schema and the NCC table it points into. */
async function checkCurrencyMap(db: Db): Promise<void> {
  const file = 'reference/ncc_currency_map.csv';
  const rows = await db.all(`select * from ref_ncc_currency_map`, undefined, 1000);
  rows.forEach((row, i) => {
    const parsed = CurrencyRule.safeParse(row);
    if (!parsed.success) {
      throw new PathcostError('BAD_FILE', `Rule ${i + 1} is invalid: ${z.prettifyError(parsed.error)}`, 'Fix the rule in the reference file.', { file, row: i + 1 });
    }
  });
  const problems = await db.all<{ problem: string }>(`
with keys as (
  select activity_type, qualifier, count(*) filter (where priority = 1) as firsts, count(*) as rules, count(distinct priority) as priorities
  from ref_ncc_currency_map group by all
)
select activity_type || '|' || qualifier || ': needs exactly one priority-1 rule and distinct priorities' as problem
from keys where firsts <> 1 or priorities <> rules
union all
select m.activity_type || '|' || m.qualifier || ': ' || m.department || '|' || m.currency_code || ' is not in ref_ncc_unit_cost'
from ref_ncc_currency_map m
where not exists (
  select 1 from ref_ncc_unit_cost n
  where n.department = m.department and (m.currency_code = '{hrg}' or n.currency_code = m.currency_code))`);
  if (problems.length > 0) {
    throw new PathcostError('BAD_FILE', `The currency map does not match the NCC table: ${problems.map((p) => p.problem).join('; ')}.`, 'Use department names and currency codes exactly as in reference/ncc_unit_costs.csv.', { file });
  }
}
