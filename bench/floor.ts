// The floor: DuckDB reading every column of every input file, typed as the feed contract says (schemas/feeds),
// with nothing checked or written: the least a build that must read and check every value can do. Beside it,
// the one-column read (patient ids grouped), the floor of earlier benchmarks, for comparison with them.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { duckdbType } from '../schemas/define.ts';
import type { TableSpec } from '../schemas/define.ts';
import { FEEDS } from '../schemas/feeds/index.ts';
import { Db, quoteIdent, sqlString } from '../engine/db.ts';
import { readCsvHeader } from '../engine/stages/01-load/csv-header.ts';

export interface FloorResult {
  /** The typed read of every column of every input file. */
  seconds: number;
  /** Rows of every input file. */
  rows: number;
  /** Reading and grouping the patient id of the patient feeds only (the floor before issue 19). */
  oneColumnSeconds: number;
}

/** Feeds whose rows belong to patients (not the cost ledger or the providers' MFF). */
const PATIENT_FEEDS = new Set<string>(FEEDS.filter((f) => f.name === 'patients' || f.patientColumn).map((f) => f.name));

export async function measureFloor(input: string, format: 'csv' | 'parquet', memoryLimit?: string): Promise<FloorResult> {
  const files = await feedFiles(input, format);
  const db = await Db.open({ memoryLimit });
  try {
    let started = performance.now();
    let rows = 0;
    for (const { path, spec } of files) rows += (await db.one<{ n: number }>(await typedReadSql(db, path, spec, format))).n;
    const seconds = (performance.now() - started) / 1000;
    started = performance.now();
    await db.one(oneColumnSql(files.filter((f) => PATIENT_FEEDS.has(f.spec.name)).map((f) => f.path), format));
    return { seconds, rows, oneColumnSeconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

async function feedFiles(input: string, format: 'csv' | 'parquet'): Promise<Array<{ path: string; spec: TableSpec }>> {
  const names = new Set(await readdir(input));
  return (FEEDS as readonly TableSpec[]).filter((spec) => names.has(`${spec.name}.${format}`)).map((spec) => ({ path: join(input, `${spec.name}.${format}`), spec }));
}

/**
 * Every column of the file typed as the contract says (a code list is its `;`-separated text, as in the CSV; a
 * column the contract does not name is text), each counted (CSV: counting makes the reader parse a column, and
 * is the cheapest use of it) or, from Parquet, its least value taken.
 */
export async function typedReadSql(db: Db, path: string, spec: TableSpec, format: 'csv' | 'parquet'): Promise<string> {
  const type = (name: string) => (spec.columns[name] ? duckdbType(spec.columns[name]) : 'VARCHAR');
  const counts = (names: string[]) => names.map((name) => `count(${quoteIdent(name)})`).join(' + ');
  if (format === 'csv') {
    // The reader takes the columns in the file's order: each header name with its contract type.
    const header = await readCsvHeader(path, ',', spec.name);
    const types = header.map((h) => `${sqlString(h)}: ${sqlString(type(h))}`).join(', ');
    const read = `read_csv(${sqlString(path)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${types}})`;
    return `select count(*)::bigint::double as n, (${counts(header)})::bigint::double as values from ${read}`;
  }
  const names = (await db.all<{ column_name: string }>(`select column_name from (describe select * from read_parquet(${sqlString(path)}))`)).map((r) => r.column_name);
  const casts = names.map((name) => `cast(${quoteIdent(name)} as ${type(name)}) as ${quoteIdent(name)}`).join(', ');
  // Not counted: a Parquet file's statistics answer count(column) without reading it. Taking each column's least
  // value makes the reader decode every value.
  const least = names.map((name) => `min(${quoteIdent(name)})::varchar`).join(', ');
  return `select count(*)::bigint::double as n, len([${least}])::double as columns_read from (select ${casts} from read_parquet(${sqlString(path)}))`;
}

function oneColumnSql(paths: string[], format: 'csv' | 'parquet'): string {
  const reads = paths.map((p) =>
    format === 'csv'
      ? `select patient_id from read_csv(${sqlString(p)}, header = true, all_varchar = true, ignore_errors = true)`
      : `select patient_id::varchar as patient_id from read_parquet(${sqlString(p)})`,
  );
  return `select sum(n)::bigint::double as rows from (select patient_id, count(*) as n from (${reads.join(' union all ')}) group by patient_id)`;
}
