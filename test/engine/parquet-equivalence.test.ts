// A Parquet input publishes what the CSV it came from publishes. Stage 2 stores only the Parquet rows it does not
// keep as read and later stages read the rest from the file again (storeExceptions), so this is the whole-build
// check of that path, on generated data with 1% faults (bad codes, values, dates, repeated ids, unknown patients):
// the same CSV written as Parquet with every column as text, and with the types DuckDB's CSV sniffer gives.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedChecksums } from '../../bench/published-checksums.ts';
import { build } from '../../engine/build.ts';
import { Db, sqlString } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

const AS_OF = '2026-01-01';
const FORMS = { csv: 'csv', text: 'Parquet, every column text', typed: 'Parquet, sniffed types' } as const;
type Form = keyof typeof FORMS;
/** Tables that name the input file (quarantine's `file`, the manifest's fingerprints) or quote its values. */
const NAMING_INPUT = ['quarantine', 'data_quality', 'manifest'];

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-parquet-equivalence-'));
  const generated = join(dir, 'generated');
  await generateSampleData({ patients: 3000, seed: 9, out: generated, format: 'csv', faults: 0.01, from: '2023-04-01', to: '2025-03-31', cohortBoost: 20 });
  db = await Db.open();
  // Malformed lines (a column short or over) have no Parquet form: dropped here, so every form holds the same rows.
  const selects: Record<Form, (file: string) => string> = {
    csv: (file) => `select * from read_csv(${sqlString(file)}, all_varchar = true, header = true, ignore_errors = true, strict_mode = false)`,
    text: (file) => `select * from read_csv(${sqlString(file)}, all_varchar = true, header = true)`,
    typed: (file) => `select * from read_csv(${sqlString(file)}, header = true)`,
  };
  for (const form of Object.keys(FORMS) as Form[]) await mkdir(join(dir, form));
  for (const name of (await readdir(generated)).filter((n) => n.endsWith('.csv') && n !== 'faults.csv')) {
    const csv = join(dir, 'csv', name);
    await db.run(`copy (${selects.csv(join(generated, name))}) to ${sqlString(csv)} (header)`);
    for (const form of ['text', 'typed'] as const) {
      await db.run(`copy (${selects[form](csv)}) to ${sqlString(join(dir, form, name.replace(/\.csv$/, '.parquet')))} (format parquet)`);
    }
  }
  for (const form of Object.keys(FORMS) as Form[]) {
    await build({ input: join(dir, form), out: join(dir, `out-${form}`), asOf: AS_OF });
    await db.run(`attach ${sqlString(join(dir, `out-${form}`, 'pathcost.duckdb'))} as ${form} (read_only)`);
  }
}, 300_000);
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Rows of `table` in one form's output and not in the other's, both ways, leaving out `columns`. */
async function differing(table: string, a: Form, b: Form, columns: string[] = []): Promise<number> {
  const cols = columns.length ? `* exclude (${columns.join(', ')})` : '*';
  const { n } = await db.one<{ n: number }>(`select count(*)::int as n from (
    (select ${cols} from ${a}.${table} except all select ${cols} from ${b}.${table})
    union all (select ${cols} from ${b}.${table} except all select ${cols} from ${a}.${table}))`);
  return n;
}

describe('a Parquet input against the CSV it was written from, with 1% faults', () => {
  it('quarantines rows for every kind of fault, so the comparison covers them', async () => {
    const reasons = await db.all<{ reason: string }>(`select distinct reason from csv.quarantine order by reason`);
    expect(reasons.map((r) => r.reason)).toEqual(['absurd_value', 'bad_code', 'duplicate_id', 'end_before_start', 'future_date', 'missing_required', 'negative_cost', 'unknown_patient']);
  });

  for (const form of ['text', 'typed'] as const) {
    it(`publishes the same tables from ${FORMS[form]} as from CSV`, async () => {
      const [fromCsv, fromParquet] = await Promise.all([publishedChecksums(join(dir, 'out-csv', 'pathcost.duckdb')), publishedChecksums(join(dir, `out-${form}`, 'pathcost.duckdb'))]);
      const tables = Object.keys(fromCsv).filter((t) => !NAMING_INPUT.includes(t));
      expect(tables.length).toBeGreaterThan(15);
      for (const table of tables) expect({ table, ...fromParquet[table] }).toEqual({ table, ...fromCsv[table] });
      // the same quarantined rows, lines and amounts; the file is named as it is, and a typed file's values are
      // quoted as it holds them (-120.0 where the CSV said -120.00)
      const quoted = form === 'typed' ? ['detail'] : [];
      expect(await differing('quarantine', 'csv', form, ['file', ...quoted])).toBe(0);
      expect(await differing('data_quality', 'csv', form, quoted)).toBe(0);
    });
  }
});
