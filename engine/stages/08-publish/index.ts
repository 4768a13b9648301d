// Stage 8 — publish: copy the output tables into a staging folder as a DuckDB file, partitioned Parquet and
// CSV, then swap the staging folder in atomically. A crash before the swap leaves the previous output whole.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Db, inAnyOrder, quoteIdent, sqlString, withSetting } from '../../db.ts';

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

/** Write every output of the in-memory build into `dir`. */
export async function writeOutputs(db: Db, dir: string, options: { exportActivity: boolean }): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'csv'), { recursive: true });
  await mkdir(join(dir, 'parquet'), { recursive: true });
  // The published database is checkpointed below, so it is one self-contained file with no write-ahead log.
  await db.run(`attach ${sqlString(join(dir, 'pathcost.duckdb'))} as out`);
  try {
    // sorted once: a table is read back in the order it was written (preserve_insertion_order)
    for (const table of [...PARTITIONED, ...WHOLE]) {
      await db.run(`create table out.${quoteIdent(table)} as select * from ${quoteIdent(table)} order by ${ORDER[table]}`);
    }
    // The API's episode timeline needs the priced rows its episodes attribute (not the rest of those patients'
    // activity, which a condition's year would make a large table); the full priced feed goes to Parquet only.
    // In no order: sorting these wide rows was 40% of the statement, keeping read order a fifth of what was
    // left, and only keyed lookups read them (the Parquet export below is sorted).
    await inAnyOrder(db, () => db.run(`create table out.activity as select a.* from activity_scope a
      semi join (select feed, source_id from activity_attribution where episode_id is not null) t on t.feed = a.feed and t.source_id = a.source_id`));
    await copyFiles(db, dir);
    if (options.exportActivity) {
      await db.run(`copy (select * from activity order by ${ORDER.activity}) to ${sqlString(join(dir, 'parquet', 'activity'))} (format parquet, compression zstd, partition_by (feed))`);
    }
    await db.run('checkpoint out');
  } finally {
    await db.run('detach out');
  }
}

/**
 * The Parquet and CSV copies of the published tables. A partitioned COPY fed by several threads fills each
 * partition's file in thread order, so a rebuild wrote the library's attribution rows in another order: those
 * copies run on one thread. They run on a second connection, beside the other copies (one thread each as well),
 * so the second core is not idle while they run.
 */
async function copyFiles(db: Db, dir: string): Promise<void> {
  const side = await db.beside();
  const parquet = (table: string) => join(dir, 'parquet', table);
  const ordered = (table: string) => `select * from out.${quoteIdent(table)}`;
  const partitioned = async () => {
    // Beyond this many open partitions DuckDB closes files and starts new ones (data_1.parquet…) in an order
    // that depends on its threads: seven pathways × 24 months passed the default 100, and a rebuild differed.
    await side.run(`set partitioned_write_max_open_files = ${MAX_OPEN_PARTITIONS}`);
    for (const table of PARTITIONED) {
      await side.run(`copy (${ordered(table)}) to ${sqlString(parquet(table))} (format parquet, compression zstd, partition_by (pathway_id, month))`);
    }
  };
  const rest = async () => {
    for (const table of WHOLE) await db.run(`copy (${ordered(table)}) to ${sqlString(`${parquet(table)}.parquet`)} (format parquet, compression zstd)`);
    for (const table of [...PARTITIONED, ...WHOLE]) await db.run(`copy (${ordered(table)}) to ${sqlString(join(dir, 'csv', `${table}.csv`))} (header, delimiter ',')`);
  };
  try {
    await withSetting(db, 'threads', 1, async () => {
      // both run to the end before the output database is detached, even when one fails
      const settled = await Promise.allSettled([partitioned(), rest()]);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    });
  } finally {
    side.close();
  }
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
