// The rules that map an activity to the NCC department and currency that price it (reference/ncc_currency_map.csv).
import { z } from 'zod';

/** One rule of reference/ncc_currency_map.csv: small enough to validate row by row in JS. */
export const CurrencyRule = z.object({
  activity_type: z.string().min(1),
  qualifier: z.string().min(1),
  priority: z.number().int().positive(),
  department: z.string().min(1),
  currency_code: z.string().regex(/^(\{hrg\}|[0-9A-Z]{2,8})$/, 'a currency code or {hrg}'),
  note: z.string().nullable(),
  /** What pricing by this rule assumes about the row, recorded in activity.adjustment (e.g. "one plain film assumed"). */
  assumption: z.string().nullable(),
});
export type CurrencyRule = z.infer<typeof CurrencyRule>;
