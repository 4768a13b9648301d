// GET /api/variation: funnel-plot data per provider (O/E with 95% and 99.8% limits), suppressed below n = 8.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { COMPARISON_BASES, TARGET_PATTERN, TARGET_STATISTICS, Variation } from '../tables/variation.ts';
import { PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const VariationQuery = z
  .strictObject({
    pathway: PathwayId.optional(),
    provider: ProviderCode.optional(),
    basis: z.enum(COMPARISON_BASES).optional().describe('Cost basis compared.'),
    view: z.enum(['raw', 'winsorised']).optional().describe('raw, or episode costs capped at the 1st/99th percentile.'),
    target: z
      .string()
      .regex(TARGET_PATTERN, `${TARGET_STATISTICS.join(', ')}, or an amount in £ per episode such as 9500`)
      .optional()
      .describe(`Opportunity target instead of the build's: ${TARGET_STATISTICS.join(', ')} of the shown providers' adjusted means, or an amount in £ per episode (e.g. 9500).`),
    ...Pagination,
  })
;
export type VariationQuery = z.infer<typeof VariationQuery>;

export const VariationRow = zodRow(Variation).meta({ id: 'VariationRow' });
export const VariationPage = page(VariationRow, 'VariationPage');
