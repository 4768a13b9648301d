// Values stage 2 cleared rather than setting their row aside (TableSpec.clearedOnFault), one row each with its line.
import { createTableSql } from '../../../schemas/define.ts';
import { ClearedValues } from '../../../schemas/tables/cleared-values.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { type StageTable, stageTable } from '../../stage-table.ts';
import type { CheckedFeed } from './index.ts';
import { withSourceRow } from './quarantine.ts';

export async function recordClearedValues(db: Db, feeds: CheckedFeed[]): Promise<StageTable> {
  await db.run(createTableSql(ClearedValues));
  for (const feed of feeds.filter((f) => f.loaded.spec.clearedOnFault?.length)) {
    const { spec } = feed.loaded;
    // A row set aside for another reason is in quarantine already: its cleared value is not listed twice.
    const { from, sourceRow } = withSourceRow(feed, 'c', 'cleared is not null and reason is null');
    await db.run(
      `insert into ${quoteIdent(ClearedValues.name)}
select $feed, c.source_file, ${sourceRow}, ${spec.idColumn ? `c.${quoteIdent(spec.idColumn)}::varchar` : 'null'}, c.cleared, c.cleared_detail || ': cleared, the row kept'
from ${from}`,
      { feed: spec.name },
    );
  }
  return stageTable(ClearedValues.name, ClearedValues);
}
