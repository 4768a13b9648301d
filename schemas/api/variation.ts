// GET /api/variation: funnel-plot data per provider (O/E with 95% and 99.8% limits), suppressed below n = 8.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { Variation } from '../tables/variation.ts';
import { PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const VARIATION_BASES = ['actual', 'condition', 'standardised', 'overhead_standardised', 'mff_neutral'] as const;

export const VariationQuery = z
  .strictObject({
    pathway: PathwayId.optional(),
    provider: ProviderCode.optional(),
    basis: z.enum(VARIATION_BASES).optional().describe('Cost basis compared.'),
    view: z.enum(['raw', 'winsorised']).optional().describe('raw, or episode costs capped at the 1st/99th percentile.'),
    ...Pagination,
  })
;
export type VariationQuery = z.infer<typeof VariationQuery>;

export const VariationRow = zodRow(Variation).meta({ id: 'VariationRow' });
export const VariationPage = page(VariationRow, 'VariationPage');
