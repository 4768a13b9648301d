import { col, defineTable, required } from '../define.ts';
import { COST_BASES } from './activity.ts';

export const ProviderCostBasisMix = defineTable({
  name: 'provider_cost_basis_mix',
  description:
    'What each anchor provider’s comparison is made of: the £ attributed to its episodes by cost basis (PLICS actual, tariff, national unit cost…), over all months, steps and settings. Read beside variation: a provider priced mostly from its own PLICS and one priced at national unit costs differ for that reason as well.',
  grain: 'pathway × anchor provider × cost_basis',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider (the accountable provider of the episodes).', required),
    cost_basis: col.enum('How the attributed cost was arrived at (DESIGN §4 order).', COST_BASES, required),
    cost_gbp: col.money('£ attributed to the provider’s episodes on this basis (null when suppressed).'),
    share: col.decimal('Share of the provider’s attributed £ on this basis, 0–1 to four places (null when suppressed).'),
    suppressed: col.boolean('True when the provider is hidden in pathway_summary (all months, all steps, all settings, actual basis): the same episodes, so the same decision.', required),
  },
});
