import { col, defineTable, required } from '../define.ts';
import { QUARANTINE_REASONS } from './quarantine.ts';

/** Stage 2's record of values it cleared (see TableSpec.clearedOnFault); counted in data_quality as cleared:<reason>. */
export const ClearedValues = defineTable({
  name: 'cleared_values',
  description: 'Values of optional columns that failed a check and were cleared, their row kept.',
  grain: 'one row per row with a cleared value (the first failing check)',
  columns: {
    feed: col.string('Feed of the row.', required),
    file: col.string('File the row came from.'),
    source_row: col.integer('1-based line in the file, header excluded.', required),
    source_id: col.string('Identifier of the row.'),
    reason: col.enum('Reason code of the first failing check.', QUARANTINE_REASONS, required),
    detail: col.string('What was wrong, and that the value was cleared.', required),
  },
});
