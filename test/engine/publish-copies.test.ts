// Stage 8's copies run on two connections at once (the one-thread partitioned Parquet copies beside the rest).
// When one of them fails, the other still finishes before the output database is detached, the error is the
// failed copy's, and the build's thread setting is put back.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqlString } from '../../engine/db.ts';
import { PARTITIONED, WHOLE, writeOutputs } from '../../engine/stages/08-publish/index.ts';

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
  await db.run(`create or replace table activity_scope as select 'apc_spells' as feed, 's1' as source_id, 1.5 as cost_gbp`);
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
    await writeOutputs(db, out, { exportActivity: false });
    expect((await readdir(join(out, 'csv'))).length).toBe(PARTITIONED.length + WHOLE.length);
    expect(await readdir(join(out, 'parquet', 'episode', 'pathway_id=knee'))).toEqual(['month=2024-04']);
    expect((await db.one<{ t: number }>(`select current_setting('threads')::int as t`)).t).toBe(2);
  });

  it('surfaces a failed partitioned copy after the other copies finish, and restores the thread setting', async () => {
    await publishableTables(false);
    const out = join(dir, 'failed');
    await expect(writeOutputs(db, out, { exportActivity: false })).rejects.toThrow(/month/);
    // the copies beside it ran to the end: every table's CSV is there
    expect((await readdir(join(out, 'csv'))).length).toBe(PARTITIONED.length + WHOLE.length);
    expect((await db.one<{ t: number }>(`select current_setting('threads')::int as t`)).t).toBe(2);
    // the output database was detached: it can be attached again
    await db.run(`attach ${sqlString(join(out, 'pathcost.duckdb'))} as again (read_only)`);
    await db.run('detach again');
  });
});
