// Stage 8 — publish: copy the output tables into a staging folder as a DuckDB file, partitioned Parquet and
// CSV, then swap the staging folder in atomically. A crash before the swap leaves the previous output whole.
// The staging database is opened before stage 5 (openStaging): stage 6 stores its scope there, as `activity`.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Db, quoteIdent, sqlString, withSetting } from '../../db.ts';
import { type StageTable, ident } from '../../stage-table.ts';

/** Tables written per pathway and month (Parquet partitions); the rest are written whole. */
export const PARTITIONED = ['episode', 'episode_step_cost', 'activity_attribution'];
export const WHOLE = ['pathway_summary', 'variation', 'casemix_model', 'comparison_exclusion', 'provider_cost_basis_mix', 'step_transition', 'step_sequence', 'episode_outcome', 'proms_linkage', 'provider_outcome', 'reconciliation', 'ledger_reconciliation', 'data_quality', 'quarantine', 'pathway_definition', 'manifest'];

/** Stable row order per table, so reruns write byte-identical files. */
const ORDER: Record<string, string> = {
  episode: 'episode_id',
  episode_step_cost: 'all',
  activity_attribution: 'pathway_id, feed, source_id, episode_id nulls last',
  pathway_summary: 'all',
  variation: 'all',
  provider_cost_basis_mix: 'all',
  step_transition: 'all',
  step_sequence: 'all',
  episode_outcome: 'pathway_id, episode_id',
  proms_linkage: 'all',
  provider_outcome: 'all',
  casemix_model: 'all',
  comparison_exclusion: 'all',
  reconciliation: 'all',
  ledger_reconciliation: 'all',
  data_quality: 'all',
  quarantine: 'feed, file, source_row, reason',
  pathway_definition: 'pathway_id',
  manifest: 'run_id',
  activity: 'feed, source_id',
};

export function stagingDir(out: string): string {
  return `${out}.staging`;
}

/** One file per partition for up to this many pathway × month partitions (e.g. 40 pathways × 10 years). */
const MAX_OPEN_PARTITIONS = 5000;

/**
 * A fresh staging folder `dir` with its database attached as `out`, before the pathway stages: stage 6
 * stores the rows it publishes as activity there. Whatever an earlier, failed build left in `dir` is removed.
 */
export async function openStaging(db: Db, dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'csv'), { recursive: true });
  await mkdir(join(dir, 'parquet'), { recursive: true });
  await db.run(`attach ${sqlString(join(dir, 'pathcost.duckdb'))} as out`);
  return 'out';
}

/**
 * Write every output of the in-memory build into the staging folder `dir` (openStaging), beside `activity`, the
 * scope stage 6 stored there, which keeps only the rows some episode attributes. Detaches the database.
 */
export async function writeOutputs(db: Db, dir: string, options: { exportActivity: boolean; activity: StageTable }): Promise<void> {
  try {
    // sorted once: a table is read back in the order it was written (preserve_insertion_order)
    for (const table of [...PARTITIONED, ...WHOLE]) {
      await db.run(`create table out.${quoteIdent(table)} as select * from ${quoteIdent(table)} order by ${ORDER[table]}`);
    }
    await keepAttributedActivity(db, options.activity);
    await copyFiles(db, dir);
    if (options.exportActivity) {
      await db.run(`copy (select * from activity order by ${ORDER.activity}) to ${sqlString(join(dir, 'parquet', 'activity'))} (format parquet, compression zstd, partition_by (feed))`);
    }
    // checkpointed, the published database is one self-contained file with no write-ahead log
    await db.run('checkpoint out');
  } finally {
    await db.run('detach out');
  }
}

/**
 * The API's episode timeline needs the priced rows its episodes attribute, not every row of the scope (in an
 * annual cohort's year the scope holds every row a step could match in some phase, a few per cent more). The
 * rows are in no order: only keyed lookups read them (the Parquet export of all activity is sorted).
 */
async function keepAttributedActivity(db: Db, activity: StageTable): Promise<void> {
  await db.run(`delete from ${ident(activity)} where rowid in (select a.rowid from ${ident(activity)} a
    anti join (select feed, source_id from activity_attribution where episode_id is not null) t on t.feed = a.feed and t.source_id = a.source_id)`);
}

/** One COPY statement of stage 8, with its bound values. */
interface Copy {
  sql: string;
  params?: Record<string, string>;
}

/**
 * The Parquet and CSV copies of the published tables, shared out between two connections so both cores work
 * until the last copy ends. A partitioned COPY fed by several threads fills each partition's file in thread
 * order (a rebuild wrote the library's attribution rows in another order), so every copy runs on one thread,
 * and a partitioned table is copied one pathway at a time: its largest pathway does not keep one core busy
 * while the other waits. Every copy runs even when another fails; the first failure is thrown after.
 */
async function copyFiles(db: Db, dir: string): Promise<void> {
  const copies = [...(await partitionedCopies(db, dir)), ...wholeCopies(dir)];
  const side = await db.beside();
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (conn: Db) => {
    // Beyond this many open partitions DuckDB closes files and starts new ones (data_1.parquet…) in an order
    // that depends on its threads. The setting is per connection.
    await conn.run(`set partitioned_write_max_open_files = ${MAX_OPEN_PARTITIONS}`);
    for (let copy = copies[next++]; copy !== undefined; copy = copies[next++]) {
      await conn.run(copy.sql, copy.params).catch((error: unknown) => failures.push(error));
    }
  };
  try {
    await withSetting(db, 'threads', 1, async () => {
      await Promise.all([worker(db), worker(side)]);
      if (failures.length > 0) throw failures[0];
    });
  } finally {
    side.close();
  }
}

/**
 * Each partitioned table one pathway at a time, into the folders a COPY partitioned by pathway and month writes
 * (`pathway_id=…/month=…/data_0.parquet`, the same rows, the partition columns in the folder names only), largest
 * pathways first so the two connections finish together. DuckDB's partitioned writer does not keep read order
 * within a file even on one thread, so rows may sit in another order than one COPY of the whole table put them,
 * but in the same order on every rebuild.
 */
async function partitionedCopies(db: Db, dir: string): Promise<Copy[]> {
  const copies: (Copy & { rows: number })[] = [];
  for (const table of PARTITIONED) {
    const folder = join(dir, 'parquet', table);
    await mkdir(folder, { recursive: true });
    const pathways = await db.all<{ pathway_id: string; rows: number }>(`select pathway_id, count(*)::double as rows from out.${quoteIdent(table)} group by all`);
    for (const { pathway_id, rows } of pathways) {
      // ids are lower-case letters, digits, _ and - (schemas/pathway.ts): a folder name as it stands
      const sql = `copy (select * exclude (pathway_id) from out.${quoteIdent(table)} where pathway_id = $pathway)
        to ${sqlString(join(folder, `pathway_id=${pathway_id}`))} (format parquet, compression zstd, partition_by (month))`;
      copies.push({ sql, params: { pathway: pathway_id }, rows });
    }
  }
  return copies.sort((a, b) => b.rows - a.rows);
}

function wholeCopies(dir: string): Copy[] {
  const ordered = (table: string) => `select * from out.${quoteIdent(table)}`;
  return [
    ...WHOLE.map((table) => ({ sql: `copy (${ordered(table)}) to ${sqlString(join(dir, 'parquet', `${table}.parquet`))} (format parquet, compression zstd)` })),
    ...[...PARTITIONED, ...WHOLE].map((table) => ({ sql: `copy (${ordered(table)}) to ${sqlString(join(dir, 'csv', `${table}.csv`))} (header, delimiter ',')` })),
  ];
}

/** Replace `out` by `staged`: rename the old output aside, move the new one in, then delete the old. */
export async function swapIn(staged: string, out: string): Promise<void> {
  const previous = `${out}.previous`;
  await rm(previous, { recursive: true, force: true });
  if (existsSync(out)) await rename(out, previous);
  await rename(staged, out);
  await rm(previous, { recursive: true, force: true });
}

/** If a build died between the two renames of swapIn, put the previous output back. */
export async function recoverInterruptedSwap(out: string): Promise<void> {
  const previous = `${out}.previous`;
  if (!existsSync(out) && existsSync(previous)) await rename(previous, out);
  else if (existsSync(previous)) await rm(previous, { recursive: true, force: true });
}
