// The days of each period a social care unit cost may be per, as SQL: one definition (schemas) for the validating
// pass's weekly-rate check and for pricing.
import { COST_PERIOD_DAYS } from '../schemas/feeds/social-care-services.ts';

/** The days in the period the frequency `expr` names; NULL for one that names no period (hour, day, one_off). */
export function costPeriodDaysSql(expr: string): string {
  return `case ${expr} ${Object.entries(COST_PERIOD_DAYS).map(([frequency, days]) => `when '${frequency}' then ${days}::double`).join(' ')} end`;
}
