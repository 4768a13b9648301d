// GET /api/outcomes: PROMs health gain per provider beside its cost (adjusted gain with funnel limits, cost per
// point gained, cost and outcome O/E); GET /api/proms-linkage: how many episodes have PROMs linked.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { PROMS_MEASURES, PromsLinkage, ProviderOutcome } from '../tables/proms-outcome.ts';
import { PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const OutcomesQuery = z.strictObject({
  pathway: PathwayId.optional(),
  provider: ProviderCode.optional(),
  measure: z.enum(Object.keys(PROMS_MEASURES) as [keyof typeof PROMS_MEASURES]).optional().describe('oxford (Oxford Hip or Knee Score) or eq5d (EQ-5D index).'),
  ...Pagination,
});
export type OutcomesQuery = z.infer<typeof OutcomesQuery>;

export const OutcomeRow = zodRow(ProviderOutcome).meta({ id: 'OutcomeRow' });
export const OutcomePage = page(OutcomeRow, 'OutcomePage');

export const LinkageQuery = z.strictObject({
  pathway: PathwayId.optional(),
  provider: ProviderCode.optional(),
  ...Pagination,
});
export type LinkageQuery = z.infer<typeof LinkageQuery>;

export const LinkageRow = zodRow(PromsLinkage).meta({ id: 'LinkageRow' });
export const LinkagePage = page(LinkageRow, 'LinkagePage');
