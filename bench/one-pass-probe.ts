// How much of validating a feed is writing it: one feed file, three reads in one run, each twice (the faster
// counts): the floor (every column typed, nothing checked), today's validating pass copied to Parquet, and the
// same pass with nothing written (its reasons counted), which is what a one-pass ingest would scan before it
// prices and sums. Evidence for issue 19's redesign, not part of the build.
//   npx tsx bench/one-pass-probe.ts --input DIR [--feed prescriptions]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Db, quoteIdent, sqlString } from '../engine/db.ts';
import { loadFeeds } from '../engine/stages/01-load/index.ts';
import { checkedSelect } from '../engine/stages/02-validate/index.ts';
import { columnsReadLater } from '../engine/stages/03-normalise/feed-columns.ts';
import { typedReadSql } from './floor.ts';

const { values } = parseArgs({ options: { input: { type: 'string' }, feed: { type: 'string' } } });
if (!values.input) throw new Error('--input DIR is required');
const name = values.feed ?? 'prescriptions';
const dir = await mkdtemp(join(tmpdir(), 'pathcost-probe-'));
const db = await Db.open({ memoryLimit: '3GB', tempDirectory: dir });
try {
  await db.exec(`set preserve_insertion_order = true`);
  const feed = (await loadFeeds(db, { input: values.input })).find((f) => f.spec.name === name)!;
  const file = feed.files[0];
  const select = checkedSelect(feed, file.select!, columnsReadLater(feed.spec), file.native ?? []).sql;
  const timed = async (label: string, sql: string) => {
    const seconds: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      await db.run(sql, { as_of: '2026-01-01' });
      seconds.push((performance.now() - t) / 1000);
    }
    return { label, seconds: Math.min(...seconds) };
  };
  const results = [
    await timed('floor: every column typed, nothing checked or written', `select * from (${await typedReadSql(db, file.path, feed.spec, file.format)})`),
    await timed('validating pass, copied to Parquet (today)', `copy (${select}) to ${sqlString(join(dir, 'v.parquet'))} (format parquet, compression uncompressed)`),
    // every stored value counted, so none of the pass is pruned away
    await timed('validating pass, nothing written (reasons and stored values counted)', `select reason, count(*), ${columnsReadLater(feed.spec).map((c) => `count(${quoteIdent(c)})`).join(' + ')} from (${select}) group by reason`),
  ];
  for (const r of results) console.log(`${r.seconds.toFixed(2).padStart(7)} s  ${(r.seconds / results[0].seconds).toFixed(2)}× floor  ${r.label}`);
} finally {
  db.close();
  await rm(dir, { recursive: true, force: true });
}
