// GET /api/distribution: histogram of episode cost. Bin edges come from the ICB-wide 2nd–98th percentiles
// rounded to a round width, with open-ended end bins, so no edge is one patient's cost; adjacent bins are merged
// until no bin of the ICB or of any shown provider holds fewer episodes than the build's threshold. The number
// of bins is the server's, not the caller's: with edges moved by a `bins` parameter, the counts below two close
// edges of two answers gave a small count between them away.
import { z } from 'zod';
import { COMPARISON_BASES } from '../tables/variation.ts';
import { Gbp, Month, PathwayId, ProviderCode } from './common.ts';

export const DistributionQuery = z
  .strictObject({
    pathway: PathwayId,
    provider: ProviderCode.optional().describe('Anchor provider; the ICB when omitted.'),
    month: Month.optional(),
    basis: z.enum(COMPARISON_BASES).default('actual').describe('The episode total the histogram is of.'),
  })
;
export type DistributionQuery = z.infer<typeof DistributionQuery>;

export const DistributionBin = z
  .object({
    lower_gbp: Gbp.describe('Inclusive lower edge; null for the open first bin.'),
    upper_gbp: Gbp.describe('Exclusive upper edge; null for the open last bin.'),
    n_episodes: z.number().int().nullable().describe('Episodes in the bin: 0 or at least the suppression threshold (small bins are merged with their neighbours, never hidden).'),
    suppressed: z.boolean().describe('Always false: bins are merged rather than hidden.'),
  })
  .meta({ id: 'DistributionBin' });

export const Distribution = z
  .object({
    pathway_id: z.string(),
    provider_code: z.string(),
    basis: z.string(),
    n_episodes: z.number().int().nullable().describe('Episodes of the provider; null when suppressed.'),
    suppressed: z.boolean().describe('True when the provider is hidden in the summary for this month (fewer episodes than the threshold, or a complementary cell): no bins are given.'),
    bin_width_gbp: Gbp.describe('Width of the bins before merging; a merged bin spans several.'),
    bins: z.array(DistributionBin),
  })
  .meta({ id: 'Distribution' });
export type Distribution = z.infer<typeof Distribution>;
