// A checksum of every table a build publishes in pathcost.duckdb, so a change to how the build computes can be
// shown to publish the same tables. Each table is hashed over its rows as text, ordered by that text (so the
// order the build wrote them in does not matter). Doubles are rounded to 9 significant digits first: parallel
// sums may differ in their last bits from run to run. The manifest's run-dependent fields are left out.
//
// Store the figures of a build on the code before a change, then compare after it:
//   npx tsx bench/published-checksums.ts --input DIR [--write FILE | --compare FILE] [--key NAME]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../engine/build.ts';
import { Db, quoteIdent, sqlString } from '../engine/db.ts';

export interface TableChecksum {
  rows: number;
  md5: string;
}

/** Columns that record when or how fast a build ran, not what it published. */
const RUN_DEPENDENT: Record<string, string[]> = { manifest: ['built_at', 'manifest_json', 'run_id'] };

/** Checksums of every table in a published pathcost.duckdb, by table name. */
export async function publishedChecksums(databaseFile: string): Promise<Record<string, TableChecksum>> {
  const db = await Db.open();
  try {
    await db.run(`attach ${sqlString(databaseFile)} as published (read_only)`);
    const tables = await db.all<{ table_name: string }>(`select table_name from duckdb_tables() where database_name = 'published' order by table_name`);
    const result: Record<string, TableChecksum> = {};
    for (const { table_name: table } of tables) {
      const columns = await db.all<{ column_name: string; data_type: string }>(
        `select column_name, data_type from duckdb_columns() where database_name = 'published' and table_name = $table order by column_index`,
        { table },
      );
      const kept = columns.filter((c) => !(RUN_DEPENDENT[table] ?? []).includes(c.column_name));
      const text = kept.map((c) => `coalesce(${asText(c.column_name, c.data_type)}, '∅')`).join(` || '|' || `);
      const row = await db.one<{ rows: number; md5: string }>(
        `select count(*)::bigint::double as rows, md5(coalesce(string_agg(t, chr(10) order by t), '')) as md5
         from (select ${text} as t from published.${quoteIdent(table)})`,
      );
      result[table] = row;
    }
    return result;
  } finally {
    db.close();
  }
}

/** A column as text; doubles (alone or in a list) to 9 significant digits. */
function asText(column: string, type: string): string {
  const c = quoteIdent(column);
  if (type === 'DOUBLE' || type === 'FLOAT') return `printf('%.9g', ${c})`;
  if (type === 'DOUBLE[]' || type === 'FLOAT[]') return `list_transform(${c}, x -> printf('%.9g', x))::varchar`;
  return `${c}::varchar`;
}

/** Builds `input` as the tests and benchmark do (fixed run date) and returns the checksums of what it published. */
export async function buildChecksums(input: string): Promise<Record<string, TableChecksum>> {
  const dir = await mkdtemp(join(tmpdir(), 'pathcost-checksums-'));
  try {
    await build({ input, out: join(dir, 'out'), asOf: '2026-01-01' });
    return await publishedChecksums(join(dir, 'out', 'pathcost.duckdb'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { input: { type: 'string' }, write: { type: 'string' }, compare: { type: 'string' }, key: { type: 'string' } } });
  if (!values.input) throw new Error('--input DIR is required');
  const key = values.key ?? values.input;
  const t = performance.now();
  const sums = await buildChecksums(values.input);
  console.log(`built and hashed ${values.input} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (values.write) {
    const stored = await readFile(values.write, 'utf8').then((s) => JSON.parse(s) as Record<string, unknown>, () => ({}));
    await writeFile(values.write, `${JSON.stringify({ ...stored, [key]: sums }, null, 2)}\n`);
    console.log(`wrote ${Object.keys(sums).length} tables under "${key}" to ${values.write}`);
  }
  if (values.compare) {
    const stored = (JSON.parse(await readFile(values.compare, 'utf8')) as Record<string, Record<string, TableChecksum>>)[key];
    if (!stored) throw new Error(`${values.compare} has no checksums under "${key}"`);
    const names = [...new Set([...Object.keys(stored), ...Object.keys(sums)])].sort();
    const differ = names.filter((n) => JSON.stringify(stored[n]) !== JSON.stringify(sums[n]));
    for (const n of differ) console.log(`DIFFERS ${n}: stored ${JSON.stringify(stored[n])}, now ${JSON.stringify(sums[n])}`);
    console.log(differ.length ? `${differ.length} of ${names.length} tables differ` : `all ${names.length} tables identical`);
    if (differ.length) process.exitCode = 1;
  }
  if (!values.write && !values.compare) console.log(JSON.stringify(sums, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
