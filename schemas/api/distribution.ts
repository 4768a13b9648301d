// GET /api/distribution: histogram of episode cost. Bin edges come from the ICB-wide 2nd–98th percentiles
// rounded to a round width, with open-ended end bins, so no edge is one patient's cost.
import { z } from 'zod';
import { SUMMARY_BASES } from '../tables/pathway-summary.ts';
import { Gbp, Month, PathwayId, ProviderCode } from './common.ts';

export const DistributionQuery = z
  .strictObject({
    pathway: PathwayId,
    provider: ProviderCode.optional().describe('Anchor provider; the ICB when omitted.'),
    month: Month.optional(),
    basis: z.enum(SUMMARY_BASES).default('actual'),
    bins: z.coerce.number().int().min(3).max(50).default(20).describe('Number of bins between the end bins.'),
  })
;
export type DistributionQuery = z.infer<typeof DistributionQuery>;

export const DistributionBin = z
  .object({
    lower_gbp: Gbp.describe('Inclusive lower edge; null for the open first bin.'),
    upper_gbp: Gbp.describe('Exclusive upper edge; null for the open last bin.'),
    n_episodes: z.number().int().nullable().describe('Episodes in the bin; null when 1–7.'),
    suppressed: z.boolean(),
  })
  .meta({ id: 'DistributionBin' });

export const Distribution = z
  .object({
    pathway_id: z.string(),
    provider_code: z.string(),
    basis: z.string(),
    n_episodes: z.number().int().nullable().describe('Episodes of the provider; null when 1–7.'),
    suppressed: z.boolean().describe('True when the provider has 1–7 episodes: no bins are given.'),
    bin_width_gbp: Gbp,
    bins: z.array(DistributionBin),
  })
  .meta({ id: 'Distribution' });
export type Distribution = z.infer<typeof Distribution>;
