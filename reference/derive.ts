// Re-derive the project's reference tables from the shared source files (provenance: ../shared/reference/SOURCES.md).
//   npx tsx reference/derive.ts [source-folder]      (default: ../shared/reference beside the repository)
// Each derive/<table>.sql is one SELECT over `src_*` views of the source CSVs read as text; the result is
// written to reference/<table>.csv. Running it twice gives byte-identical files.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Db, readSql, sqlString } from '../engine/db.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const sourceDir = resolve(process.argv[2] ?? resolve(here, '../../shared/reference'));

/** View name → source file. `source_row` is the 1-based data row (header excluded), in file order. */
const SOURCES: Record<string, string> = {
  src_ncc_2023_24: 'ncc_2023_24.csv',
  src_ncc_2024_25: 'ncc_2024_25.csv',
  src_gp: 'unit_costs_hsc_gp.csv',
  src_gp_nurse: 'unit_costs_hsc_gp_nurse.csv',
  src_nurse: 'unit_costs_hsc_nurse.csv',
  src_community_hcp: 'unit_costs_hsc_community_hcp.csv',
  src_hospital_doctor: 'unit_costs_hsc_hospital_doctor.csv',
  src_inflation: 'nhs_inflation_index_pssru2024.csv',
};

const TABLES = ['ncc_unit_costs', 'staff_cost_per_minute', 'nhs_cost_inflation'];

async function main(): Promise<void> {
  // One thread keeps row_number() over () in file order.
  const db = await Db.open({ threads: 1 });
  try {
    for (const [view, file] of Object.entries(SOURCES)) {
      const path = sqlString(resolve(sourceDir, file));
      await db.run(`create view ${view} as select row_number() over () as source_row, * from read_csv(${path}, header = true, all_varchar = true)`);
    }
    for (const table of TABLES) {
      const select = (await readSql(new URL(`derive/${table}.sql`, import.meta.url))).trim();
      const out = sqlString(resolve(here, `${table}.csv`));
      await db.run(`copy (${select}) to ${out} (header, delimiter ',')`);
      const { n } = await db.one<{ n: number }>(`select count(*)::int as n from read_csv(${out}, header = true)`);
      console.log(`${table}.csv: ${n} rows`);
    }
  } finally {
    db.close();
  }
}

await main();
