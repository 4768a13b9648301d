// GET /api/cost-basis-mix: each anchor provider's attributed £ by cost basis (PLICS, tariff, national prices…),
// to read beside /api/variation; hidden when the provider is hidden in the summary.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { ProviderCostBasisMix } from '../tables/provider-cost-basis-mix.ts';
import { PathwayId, Pagination, ProviderCode, page } from './common.ts';

export const CostBasisMixQuery = z.strictObject({
  pathway: PathwayId.optional(),
  provider: ProviderCode.optional(),
  ...Pagination,
});
export type CostBasisMixQuery = z.infer<typeof CostBasisMixQuery>;

export const CostBasisMixRow = zodRow(ProviderCostBasisMix).meta({ id: 'CostBasisMixRow' });
export const CostBasisMixPage = page(CostBasisMixRow, 'CostBasisMixPage');
