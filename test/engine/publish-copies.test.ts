// Stage 8's copies are shared out between two connections (one thread each; partitioned tables a pathway at a
// time). When one copy fails, every other copy still runs before the output database is detached, the error is
// the failed copy's, and the build's thread setting is put back. The activity stage 6 stored in the staging
// database keeps only the rows some episode attributes.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqlString } from '../../engine/db.ts';
import { PARTITIONED, WHOLE, openStaging, writeOutputs } from '../../engine/stages/08-publish/index.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { Activity } from '../../schemas/tables/activity.ts';

let dir: string;
let db: Db;

/** The smallest tables stage 8 can publish: the columns its sort orders and partitions name, one row each. */
async function publishableTables(partitionedHasMonth: boolean): Promise<void> {
  const keyed = `select 'knee' as pathway_id, '2024-04' as month, 'e1' as episode_id, 'apc_spells' as feed, 's1' as source_id,
    'a.csv' as file, 2 as source_row, 'bad_type' as reason, 'r1' as run_id`;
  for (const table of PARTITIONED) {
    await db.run(`create or replace table ${table} as select * ${partitionedHasMonth ? '' : 'exclude (month)'} from (${keyed})`);
  }
  for (const table of WHOLE) await db.run(`create or replace table ${table} as ${keyed}`);
}

/** Stage 8 into `out`, after stage 6 stored its scope there: s1 (episode e1 attributes it) and s2 (no episode does). */
async function publish(out: string): Promise<void> {
  const published = await openStaging(db, out);
  await db.run(`create table ${published}.activity as select 'apc_spells' as feed, 's' || i as source_id, 1.5 as cost_gbp from range(1, 3) r(i)`);
  await writeOutputs(db, out, { exportActivity: false, activity: stageTable('activity', Activity, published) });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-publish-'));
  db = await Db.open({ threads: 2 });
});
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('stage 8 copies', () => {
  it('writes every table as Parquet and CSV, the partitioned ones by pathway and month', async () => {
    await publishableTables(true);
    const out = join(dir, 'ok');
    await publish(out);
    expect((await readdir(join(out, 'csv'))).length).toBe(PARTITIONED.length + WHOLE.length);
    expect(await readdir(join(out, 'parquet', 'episode', 'pathway_id=knee'))).toEqual(['month=2024-04']);
    expect((await db.one<{ t: number }>(`select current_setting('threads')::int as t`)).t).toBe(2);
  });

  it('copies a partitioned table one pathway at a time into the folders a partitioned copy writes, every row once', async () => {
    await publishableTables(true);
    await db.run(`insert into activity_attribution by name select a.* replace ('hip' as pathway_id, '2024-0' || (i % 3 + 1) as month, 's' || i as source_id)
      from activity_attribution a, range(5) r(i)`);
    const out = join(dir, 'two-pathways');
    await publish(out);
    const folder = join(out, 'parquet', 'activity_attribution');
    expect((await readdir(folder)).sort()).toEqual(['pathway_id=hip', 'pathway_id=knee']);
    expect((await readdir(join(folder, 'pathway_id=hip'))).sort()).toEqual(['month=2024-01', 'month=2024-02', 'month=2024-03']);
    const files = sqlString(join(folder, '*', '*', '*.parquet'));
    const read = await db.all<{ pathway_id: string; month: string; source_id: string }>(
      `select pathway_id, month, source_id from read_parquet(${files}, hive_partitioning = true) order by all`);
    expect(read).toEqual([
      { pathway_id: 'hip', month: '2024-01', source_id: 's0' },
      { pathway_id: 'hip', month: '2024-01', source_id: 's3' },
      { pathway_id: 'hip', month: '2024-02', source_id: 's1' },
      { pathway_id: 'hip', month: '2024-02', source_id: 's4' },
      { pathway_id: 'hip', month: '2024-03', source_id: 's2' },
      { pathway_id: 'knee', month: '2024-04', source_id: 's1' },
    ]);
    // as a COPY partitioned by pathway and month writes them: the partition columns are in the folder names only
    const inFile = await db.all<{ name: string }>(`select name from parquet_schema(${files}) where name in ('pathway_id', 'month')`);
    expect(inFile).toEqual([]);
  });

  it('writes an empty folder for a partitioned table with no rows, as a partitioned copy of nothing does', async () => {
    await publishableTables(true);
    await db.run('delete from episode');
    const out = join(dir, 'empty');
    await publish(out);
    expect(await readdir(join(out, 'parquet', 'episode'))).toEqual([]);
    expect(await readdir(join(out, 'parquet', 'activity_attribution'))).toEqual(['pathway_id=knee']);
  });

  it('publishes as activity only the rows of the scope some episode attributes, and detaches the database', async () => {
    await publishableTables(true);
    await db.run(`insert into activity_attribution by name select a.* replace (null as episode_id, 's2' as source_id) from activity_attribution a`);
    const out = join(dir, 'scope');
    await publish(out);
    await db.run(`attach ${sqlString(join(out, 'pathcost.duckdb'))} as again (read_only)`);
    // s2's only attribution row is outside every episode
    expect(await db.all(`select source_id from again.activity`)).toEqual([{ source_id: 's1' }]);
    await db.run('detach again');
  });

  it('surfaces a failed partitioned copy after the other copies finish, and restores the thread setting', async () => {
    await publishableTables(false);
    const out = join(dir, 'failed');
    await expect(publish(out)).rejects.toThrow(/month/);
    // the copies beside it ran to the end: every table's CSV is there
    expect((await readdir(join(out, 'csv'))).length).toBe(PARTITIONED.length + WHOLE.length);
    expect((await db.one<{ t: number }>(`select current_setting('threads')::int as t`)).t).toBe(2);
    // the output database was detached: it can be attached again
    await db.run(`attach ${sqlString(join(out, 'pathcost.duckdb'))} as again (read_only)`);
    await db.run('detach again');
  });
});
