// GET /api/summary: pathway_summary rows, filtered and paged. Suppressed cells carry nulls, never numbers.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { describeBases } from '../tables/variation.ts';
import { PathwaySummary, SUMMARY_BASES } from '../tables/pathway-summary.ts';
import { Month, PathwayId, Pagination, ProviderCode, Setting, StepId, page } from './common.ts';

export const SummaryQuery = z
  .strictObject({
    pathway: PathwayId.optional(),
    provider: ProviderCode.optional(),
    month: Month.optional(),
    step: StepId.optional(),
    setting: Setting.optional(),
    basis: z.enum(SUMMARY_BASES).optional().describe(`${describeBases(SUMMARY_BASES)}.`),
    ...Pagination,
  })
;
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const SummaryRow = zodRow(PathwaySummary).meta({ id: 'PathwaySummaryRow' });
export const SummaryPage = page(SummaryRow, 'PathwaySummaryPage');
