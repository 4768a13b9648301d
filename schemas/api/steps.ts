// GET /api/steps: where the money goes, per pathway × anchor provider (and ICB) × step × setting: the step ×
// setting cells of pathway_summary, hidden exactly where the summary hides them.
import { z } from 'zod';
import type { ComparisonBasis } from '../tables/variation.ts';
import { Gbp, Month, PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const StepsQuery = z
  .strictObject({
    pathway: PathwayId,
    provider: ProviderCode.optional().describe('Anchor provider, or ICB; all providers and the ICB when omitted.'),
    month: Month.optional().describe('Anchor month; all months when omitted or "all".'),
    basis: z.enum(['actual', 'standardised'] as const satisfies readonly ComparisonBasis[]).default('actual').describe('actual cost, or re-priced at national unit costs.'),
    relevance: z.enum(['all', 'condition']).default('all').describe('All-cause, or condition-related activity only.'),
    ...Pagination,
  })
;
export type StepsQuery = z.infer<typeof StepsQuery>;

export const StepCostRow = z
  .object({
    pathway_id: z.string(),
    provider_code: z.string().describe('Anchor provider, or ICB for all providers.'),
    step: z.string(),
    setting: z.string(),
    basis: z.string(),
    relevance: z.string(),
    provider_episodes: z.number().int().nullable().describe('Episodes of the provider (null when suppressed).'),
    n_episodes: z.number().int().nullable().describe('Episodes with cost in this step and setting (null when suppressed).'),
    total_gbp: Gbp.describe('Total cost of the cell.'),
    mean_per_episode_gbp: Gbp.describe('Cell total divided by all the provider’s episodes (so steps add up to the mean episode cost).'),
    suppressed: z.boolean().describe('True when the cell has fewer episodes (or episodes with activity) than the suppression threshold, or is a complementary cell.'),
  })
  .meta({ id: 'StepCostRow' });
export type StepCostRow = z.infer<typeof StepCostRow>;
export const StepCostPage = page(StepCostRow, 'StepCostPage');
