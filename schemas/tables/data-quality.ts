import { col, defineTable, required } from '../define.ts';

export const DataQuality = defineTable({
  name: 'data_quality',
  description: 'Data-quality checks per feed and month: rows in, quarantined by reason, unpriced, coverage.',
  grain: 'feed × month × check',
  columns: {
    feed: col.string('Feed.', required),
    month: col.string('Month (YYYY-MM), or "all".', required),
    check: col.string('Check name: rows_in, quarantined:<reason>, cleared:<reason> (an optional value cleared, its row kept), unpriced, unlinked_patients, episodes_without_age:<pathway> (episodes whose patient was born after they began), coverage, missing_feed, absent_column:<column> (an optional column the extract lacks, read as empty on every row; value 1), quarantined_without_cost (quarantined rows whose cost neither reads nor prices: their £ is unknown), ledger_gap:<provider> (value: the gap in £).', required),
    value: col.decimal('Value of the check.', required),
    detail: col.string('Explanation, e.g. "72% of typical volume — light month".'),
  },
});
