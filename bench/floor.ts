// The floor: DuckDB reading the same input files and grouping by patient — the least any build must do.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Db, sqlString } from '../engine/db.ts';
import { FEEDS } from '../schemas/feeds/index.ts';

/** Feeds whose rows belong to patients (not the cost ledger or the providers' MFF). */
const PATIENT_FEEDS = new Set<string>(FEEDS.filter((f) => f.name === 'patients' || f.patientColumn).map((f) => f.name));

export interface FloorResult {
  seconds: number;
  rows: number;
}

export async function measureFloor(input: string, format: 'csv' | 'parquet', memoryLimit?: string): Promise<FloorResult> {
  const files = (await readdir(input)).filter((f) => f.endsWith(`.${format}`) && PATIENT_FEEDS.has(f.slice(0, -format.length - 1))).sort();
  const db = await Db.open({ memoryLimit });
  try {
    const reads = files.map((f) => {
      const path = sqlString(join(input, f));
      return format === 'csv'
        ? `select patient_id from read_csv(${path}, header = true, all_varchar = true, ignore_errors = true)`
        : `select patient_id::varchar as patient_id from read_parquet(${path})`;
    });
    const started = performance.now();
    const row = await db.one<{ rows: number }>(`select sum(n)::bigint::double as rows from (select patient_id, count(*) as n from (${reads.join(' union all ')}) group by patient_id)`);
    return { seconds: (performance.now() - started) / 1000, rows: row.rows };
  } finally {
    db.close();
  }
}
