import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const CostLedger = defineTable({
  name: 'cost_ledger',
  description: 'Provider cost ledger lines, including block and non-patient-attributable costs (optional feed).',
  grain: 'one row per provider × period × cost line',
  // a quarantined line keeps its amount, provider and period, so the reconciliation counts its pounds in
  costColumn: 'amount_gbp',
  providerColumn: 'provider_code',
  monthColumn: 'period',
  columns: {
    provider_code: col.code('ODS code of the provider.', CODE.ods.system, CODE.ods.pattern, required),
    period: col.code('Month, YYYY-MM.', CODE.month.system, CODE.month.pattern, required),
    line_type: col.string('Ledger line (e.g. block_contract, corporate_overhead).', required),
    patient_attributable: col.boolean('Whether the line is costed to patients in the feeds.', required),
    // a month's line of the largest trust's £3bn a year is well under £1bn: more is a unit slip (pence, or ×1,000)
    amount_gbp: col.money('Amount in GBP (a credit negative).', { max: 1_000_000_000, ...required }),
  },
});
