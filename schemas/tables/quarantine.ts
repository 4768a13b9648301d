import { col, defineTable, required } from '../define.ts';

export const QUARANTINE_REASONS = [
  'malformed_line',
  'bad_encoding',
  'missing_required',
  'bad_type',
  'bad_value',
  'bad_code',
  'end_before_start',
  'before_birth',
  'future_date',
  'negative_cost',
  'absurd_value',
  'duplicate_id',
  'unknown_patient',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export const Quarantine = defineTable({
  name: 'quarantine',
  description: 'Input rows set aside by validation, with the reason. Nothing is dropped silently.',
  grain: 'one row per rejected source row',
  columns: {
    feed: col.string('Feed of the row.', required),
    file: col.string('File the row came from.'),
    source_row: col.integer('1-based line in the file, header excluded.', required),
    source_id: col.string('Identifier of the row, if readable.'),
    patient_id: col.string('Patient of the row, if readable.'),
    reason: col.enum('Reason code.', QUARANTINE_REASONS, required),
    detail: col.string('What was wrong: column and value, and what to do.', required),
    cost_gbp: col.money('Money on the row (for reconciliation): the supplied cost if readable, else the price its own values give, as a clean row is priced (a spell from its HRG, social care from its unit cost); empty when neither reads (data_quality counts such rows as quarantined_without_cost).'),
    month: col.string('Month of the activity (YYYY-MM), if readable.'),
    provider_code: col.string('Provider of the row, if readable.'),
  },
});
