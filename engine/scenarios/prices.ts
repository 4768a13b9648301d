// The prices a scenario uses, each with its source. A reference price is read from the project's own derived
// tables (reference/, loaded by engine/reference.ts) with its source file and row, and rounded to the penny as
// the build prices each activity; a stated price carries the source the scenario gives.
import type { Price } from '../../schemas/scenario.ts';
import type { Db } from '../db.ts';
import { PathcostError } from '../errors.ts';

export interface ResolvedPrice {
  /** Price per unit, £ to the penny for reference prices; as stated otherwise. */
  gbp: number;
  source: string;
  price_year: string | null;
}

const penny = (x: number) => Math.round(x * 100) / 100;

/** True when a price is read from reference/ (the caller loads the reference tables once, before resolving). */
export const readsReference = (price: Price): boolean => !('gbp' in price);

export async function resolvePrice(db: Db, price: Price, change: string): Promise<ResolvedPrice> {
  if ('gbp' in price) return { gbp: price.gbp, source: price.source, price_year: price.price_year ?? null };
  if ('ncc' in price) return nccPrice(db, price.ncc, change);
  return staffTimePrice(db, price.staff_time, change);
}

async function nccPrice(db: Db, ncc: { price_year: string; department: string; currency_code: string }, change: string): Promise<ResolvedPrice> {
  const rows = await db.all<{ unit: number; desc: string; file: string; row: number }>(
    `select unit_cost_gbp as unit, currency_desc as desc, source_file as file, source_row::integer as row
     from ref_ncc_unit_cost where price_year = $year and department = $department and currency_code = $currency`,
    { year: ncc.price_year, department: ncc.department, currency: ncc.currency_code },
  );
  if (rows.length !== 1) {
    throw new PathcostError(
      'BAD_OPTION',
      `Change '${change}': reference/ncc_unit_costs.csv has no unit cost for ${ncc.department} ${ncc.currency_code} in ${ncc.price_year}.`,
      'Name a department, currency and price year that appear together in reference/ncc_unit_costs.csv, or state the price with its source ({"gbp": …, "source": …}).',
    );
  }
  const [r] = rows;
  return {
    gbp: penny(r.unit),
    source: `National Cost Collection ${ncc.price_year}, ${ncc.department} ${ncc.currency_code} "${r.desc}", unit cost £${r.unit} (reference/ncc_unit_costs.csv from ${r.file} row ${r.row}), to the penny`,
    price_year: ncc.price_year,
  };
}

async function staffTimePrice(db: Db, s: { staff_group: string; role: string; edition_year: number; minutes: number }, change: string): Promise<ResolvedPrice> {
  const rows = await db.all<{ per_minute: number; year: string; file: string; row: number; measure: string }>(
    `select cost_per_minute_gbp as per_minute, price_year as year, source_file as file, source_row::integer as row, source_measure as measure
     from ref_staff_cost_per_minute where staff_group = $group and role = $role and edition_year = $edition`,
    { group: s.staff_group, role: s.role, edition: s.edition_year },
  );
  if (rows.length !== 1) {
    throw new PathcostError(
      'BAD_OPTION',
      `Change '${change}': reference/staff_cost_per_minute.csv has no ${s.staff_group} cost per minute for role '${s.role}' in the ${s.edition_year} edition.`,
      'Name a staff group, role (or *) and edition year that appear together in reference/staff_cost_per_minute.csv.',
    );
  }
  const [r] = rows;
  return {
    gbp: penny(r.per_minute * s.minutes),
    source: `PSSRU Unit Costs of Health and Social Care ${s.edition_year}, ${s.staff_group} ${s.role}: ${r.measure}, £${penny(r.per_minute * 10000) / 10000} a minute × ${s.minutes} minutes (reference/staff_cost_per_minute.csv from ${r.file} row ${r.row}), to the penny`,
    price_year: r.year,
  };
}
