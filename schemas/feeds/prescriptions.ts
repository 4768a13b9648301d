import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const Prescriptions = defineTable({
  name: 'prescriptions',
  description: 'Dispensed prescription items (EPD-shaped).',
  grain: 'one row per dispensed item',
  idColumn: 'item_id',
  patientColumn: 'patient_id',
  dateColumn: 'dispensed_date',
  costColumn: 'actual_cost_gbp',
  columns: {
    item_id: col.string('Item identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    dispensed_date: col.date('Dispensing (or processing period) date.', required),
    bnf_code: col.code('BNF presentation code.', CODE.bnf.system, CODE.bnf.pattern, required),
    dmd_code: col.code('dm+d (SNOMED CT) product code.', CODE.snomed.system, CODE.snomed.pattern),
    quantity: col.decimal('Quantity dispensed.', { min: 0, max: 100000 }),
    actual_cost_gbp: col.money('Actual cost of the item.', { required: true, min: 0, max: 20000 }),
  },
});
