import { col, defineTable, required } from '../define.ts';

export const Reconciliation = defineTable({
  name: 'reconciliation',
  description: 'Every input pound accounted for: in = attributed + outside pathways + quarantined (+ non-attributable ledger lines).',
  grain: 'pathway × feed × provider × month',
  columns: {
    pathway_id: col.string('Pathway.', required),
    feed: col.string('Feed.', required),
    provider_code: col.string('Provider.', required),
    month: col.string('Month (YYYY-MM).', required),
    in_gbp: col.money('Priced cost of clean rows plus supplied cost of quarantined rows.', required),
    attributed_gbp: col.money('Attributed to episode steps of the pathway.', required),
    outside_gbp: col.money('Outside every episode of the pathway.', required),
    quarantined_gbp: col.money('Supplied cost on quarantined rows.', required),
    non_attributable_gbp: col.money('Provider cost-ledger lines not attributable to patients (block, corporate): rows with feed cost_ledger.', required),
    difference_gbp: col.money('in − attributed − outside − quarantined − non-attributable (0.00 when it reconciles).', required),
  },
});
