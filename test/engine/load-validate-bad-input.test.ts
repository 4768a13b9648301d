// The bad-input suite: every broken file gives a clear PathcostError (code, file, line, column, hint) or
// quarantine rows — never a crash, never a silent drop.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathcostError } from '../../engine/errors.ts';
import { MAX_ROWS_APART } from '../../engine/stages/02-validate/index.ts';
import { Mapping } from '../../schemas/mapping.ts';
import { PATIENTS, count, csv, feedFolder, ingest, ingestFolder, normalised, quarantined, reasons, writeParquet } from '../helpers/feed-fixture.ts';

const HEADER = 'spell_id,patient_id,provider_code,admission_date,admission_method,diagnoses';
const ROWS = ['S1,P1,RRF,2024-03-01,11,M17.1', 'S2,P2,RRF,2024-03-02,12,M17.1;I10X'];

/** The error `work` fails with (the test fails if it does not). */
async function failure(work: Promise<unknown>): Promise<PathcostError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PathcostError);
  return err as PathcostError;
}

describe('files that cannot be read stop the run with a clear error', () => {
  it('an empty file', async () => {
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': '' }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toBe('The file is empty.');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1 });
    expect(err.where.file).toMatch(/apc_spells\.csv$/);
    expect(err.hint).toMatch(/header row/);
    expect(err.describe()).toMatch(/apc_spells\.csv, line 1: The file is empty\.\n {2}→ /);
  });

  it('a missing required column, named with the header it found', async () => {
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv('spell_id,patient_id,provider_code,admission_date,diagnoses', 'S1,P1,RRF,2024-03-01,M17.1') }));
    expect(err.code).toBe('MISSING_COLUMN');
    expect(err.message).toBe('Feed apc_spells has no column "admission_method"; the header has: spell_id, patient_id, provider_code, admission_date, diagnoses.');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1, column: 'admission_method' });
    expect(err.hint).toMatch(/map your extract's column onto "admission_method"/);
    expect(err.describe()).toMatch(/\/apc_spells\.csv, line 1, column admission_method: Feed apc_spells has no column "admission_method"/);
  });

  it('a ;-delimited file: BAD_FILE suggesting the delimiter — and the same file loads with it set in a mapping', async () => {
    const semicolons = csv(HEADER.replaceAll(',', ';'), 'S1;P1;RRF;2024-03-01;11;"M17.1;I10X"', 'S2;P2;RRF;2024-03-02;12;M17.1;W40.1', 'S3;P2;RRF;2024-03-03;12;M17.1');
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': semicolons }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toBe('The header has one column but contains ";": the file seems to be delimited by ";".');
    expect(err.hint).toBe('Save the file with "," as delimiter, or set "delimiter": ";" for apc_spells in a mapping file.');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1 });

    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': semicolons }, { mapping: Mapping.parse({ feeds: { apc_spells: { delimiter: ';' } } }) });
    // A quoted code list holds the delimiter: one field. Line 2 has one field too many.
    expect(await normalised(db, 'apc_spells', 'source_id, source_row::int as source_row, diagnoses')).toEqual([
      { source_id: 'S1', source_row: 1, diagnoses: ['M171', 'I10'] },
      { source_id: 'S3', source_row: 3, diagnoses: ['M171'] },
    ]);
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([[2, 'S2', 'malformed_line']]);
  });

  it('non-UTF-8 bytes in the header', async () => {
    const latin1 = Buffer.concat([Buffer.from('spell_id,patient_id,provider_code,admission_date,admission_method,diagnoses,co\xfbt\n', 'latin1'), Buffer.from(csv(...ROWS.map((r) => `${r},1`)))]);
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': latin1 }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toBe('The header line is not valid UTF-8.');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1 });
    expect(err.hint).toMatch(/iconv/);
  });

  it('a UTF-16 file (Excel "Unicode text")', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(HEADER, ...ROWS), 'utf16le')]);
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': utf16 }));
    expect(err).toMatchObject({ code: 'BAD_FILE', message: 'The file is UTF-16, not UTF-8.', where: { feed: 'apc_spells', row: 1 } });
    expect(err.hint).toMatch(/iconv -f UTF-16 -t UTF-8/);
  });

  it('a ~100 MB file with no line break: BAD_FILE, fast, without reading the file into memory', async () => {
    const dir = await feedFolder({ 'patients.csv': PATIENTS });
    const out = createWriteStream(join(dir, 'apc_spells.csv'));
    const block = Buffer.alloc(1 << 20, 'spell_id,');
    for (let i = 0; i < 100; i++) if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const err = await failure(ingestFolder(dir));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 << 20);
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toBe('No line break in the first 1024 KB: this is not a line-based CSV file.');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1 });
  });

  it('a column named twice in the header', async () => {
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(`${HEADER},Diagnoses`, `${ROWS[0]},I10`) }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toBe('The header names column "Diagnoses" twice (fields 6 and 7).');
    expect(err.where).toMatchObject({ feed: 'apc_spells', row: 1, column: 'Diagnoses' });
  });

  it('a stray carriage return inside a line (DuckDB cannot read past it)', async () => {
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(HEADER, ROWS[0], 'S9,P1,RRF\r,2024-03-01,11,M17.1', ROWS[1]) }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/^DuckDB's CSV reader cannot read this file: /);
    expect(err.where.feed).toBe('apc_spells');
    expect(err.where.file).toMatch(/apc_spells\.csv$/);
    expect(err.hint).toMatch(/carriage return/);
  });

  it('a file named .parquet that is not Parquet', async () => {
    const err = await failure(ingest({ 'patients.csv': PATIENTS, 'apc_spells.parquet': csv(HEADER, ...ROWS) }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/^Not a readable Parquet file: /);
    expect(err.where).toMatchObject({ feed: 'apc_spells' });
  });

  it('an input folder that does not exist', async () => {
    const err = await failure(ingestFolder(join(await feedFolder({}), 'nowhere')));
    expect(err.code).toBe('INPUT_NOT_FOUND');
    expect(err.message).toMatch(/nowhere does not exist\.$/);
  });
});

describe('files that are fine, if unusual', () => {
  it('a header-only file: the feed is present with 0 rows', async () => {
    const { db, feed } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(HEADER), 'op_attendances.csv': 'attendance_id,patient_id,provider_code,appointment_date,tfc,first_attendance,status' });
    expect(feed('apc_spells').present).toBe(true);
    expect(feed('op_attendances').present).toBe(true);
    expect(await count(db, 'checked_apc_spells')).toBe(0);
    expect(await count(db, 'checked_op_attendances')).toBe(0);
    expect(await count(db, 'quarantine_checked')).toBe(1); // P3's patients row, nothing else
  });

  it('an absent feed is not present and not an error', async () => {
    const { db, feed } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(HEADER, ...ROWS) });
    expect(feed('social_care_services')).toMatchObject({ present: false, files: [], extraColumns: [], absentColumns: [] });
    expect(await count(db, 'checked_social_care_services')).toBe(0);
    expect(await count(db, 'activity_normalised')).toBe(2);
  });

  it('a missing optional column is read as empty; extra columns are ignored and listed', async () => {
    const { db, feed } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(`Local_Ref,${HEADER},ward_name`, ...ROWS.map((r, i) => `L${i},${r},Ward ${i}`)) });
    expect(feed('apc_spells').extraColumns).toEqual(['Local_Ref', 'ward_name']);
    expect(feed('patients').extraColumns).toEqual([]);
    // and each absent optional column is listed (a reviewer's extract without discharge_date made every spell open)
    expect(feed('apc_spells').absentColumns).toEqual(['site_code', 'discharge_date', 'discharge_destination', 'tfc', 'hrg', 'procedures', 'cost_gbp', 'tariff_gbp',
      'cost_staff', 'cost_theatre', 'cost_ward', 'cost_drugs', 'cost_devices', 'cost_diagnostics', 'cost_overheads']);
    expect(await normalised(db, 'apc_spells', 'source_id, hrg, procedures, supplied_cost_gbp, end_date')).toEqual([
      { source_id: 'S1', hrg: null, procedures: null, supplied_cost_gbp: null, end_date: '2024-03-31' },
      { source_id: 'S2', hrg: null, procedures: null, supplied_cost_gbp: null, end_date: '2024-03-31' },
    ]);
  });

  it('column names match whatever their case and surrounding spaces or quotes', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(' SPELL_ID ,"Patient_Id",provider_code,admission_date,admission_method,diagnoses', ...ROWS) });
    expect(await count(db, 'activity_normalised')).toBe(2);
  });

  it('a trailing delimiter in the header (an unnamed column) is an extra column', async () => {
    const { db, feed } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(`${HEADER},`, ...ROWS.map((r) => `${r},`)) });
    expect(feed('apc_spells').extraColumns).toEqual(['column7']);
    expect(await count(db, 'activity_normalised')).toBe(2);
  });

  it('a UTF-8 byte order mark before the header', async () => {
    const { db } = await ingest({ 'patients.csv': `\ufeff${PATIENTS}`, 'apc_spells.csv': `\ufeff${csv(HEADER, ...ROWS)}` });
    expect(await normalised(db, 'apc_spells', 'source_id, source_row::int as source_row, patient_id')).toEqual([
      { source_id: 'S1', source_row: 1, patient_id: 'P1' },
      { source_id: 'S2', source_row: 2, patient_id: 'P2' },
    ]);
    expect(await reasons(db, 'patients')).toEqual(['3 bad_value']);
  });

  it('CRLF line endings, with a ragged line whose id is still read cleanly', async () => {
    const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
    const { db } = await ingest({ 'patients.csv': PATIENTS.replaceAll('\n', '\r\n'), 'apc_spells.csv': crlf(HEADER, ROWS[0], 'S9,P1,RRF', ROWS[1]) });
    expect(await normalised(db, 'apc_spells', 'source_id, source_row::int as source_row, diagnoses')).toEqual([
      { source_id: 'S1', source_row: 1, diagnoses: ['M171'] },
      { source_id: 'S2', source_row: 3, diagnoses: ['M171', 'I10'] },
    ]);
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_row, q.source_id, q.reason, q.detail])).toEqual([
      [2, 'S9', 'malformed_line', 'line 3: MISSING COLUMNS (admission_date) — Expected Number of Columns: 6 Found: 3 Fix the quoting or the number of fields on this line.'],
    ]);
    expect(await db.all(`select patient_id from quarantine_checked where feed = 'apc_spells'`)).toEqual([{ patient_id: 'P1' }]);
  });

  it('CR-only (old Mac) line endings', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': `${[HEADER, ROWS[0], 'S9,P1', ROWS[1]].join('\r')}\r` });
    expect(await normalised(db, 'apc_spells', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'S1', source_row: 1 },
      { source_id: 'S2', source_row: 3 },
    ]);
    expect(await reasons(db, 'apc_spells')).toEqual(['2 malformed_line']);
  });

  it('non-UTF-8 bytes in a data line: that line is quarantined as bad_encoding, the rest loads on its true lines', async () => {
    const apc = Buffer.concat([Buffer.from(csv(HEADER, ROWS[0])), Buffer.from('S9,P1,RRF,2024-03-01,11,M17.1 caf\xe9\n', 'latin1'), Buffer.from(csv(ROWS[1]))]);
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apc });
    const [q] = await quarantined(db, 'apc_spells');
    expect(q).toMatchObject({ file: 'apc_spells.csv', source_row: 2, source_id: 'S9', reason: 'bad_encoding' });
    expect(q.detail).toMatch(/^line 3: INVALID ENCODING \(diagnoses\) — .* Re-export the file as UTF-8\.$/);
    expect(await normalised(db, 'apc_spells', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'S1', source_row: 1 },
      { source_id: 'S2', source_row: 3 },
    ]);
  });
});

describe('feeds given as a folder or as Parquet', () => {
  it('a folder of CSV files: lines counted per file, duplicates found across files', async () => {
    const { db, feed } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells/2024-01.csv': csv(HEADER, 'S1,P1,RRF,2024-01-05,11,M17.1', 'S2,P1,RRF', 'S3,P2,RRF,2024-01-09,11,M17.1'),
      'apc_spells/2024-02.csv': csv(`${HEADER},hrg`, 'S4,P1,RRF,2024-02-01,11,M17.1,HN22C', 'S1,P2,RRF,2024-02-02,11,M17.1,', 'S5,P1,RRF,2024-02-03,11,M17.1,HN22C,x', 'S6,P2,RRF,2024-02-04,11,M17.1,'),
      'apc_spells/notes.txt': 'not a feed file',
    });
    expect(feed('apc_spells').files.map((f) => f.path.replace(/.*\/apc_spells\//, ''))).toEqual(['2024-01.csv', '2024-02.csv']);
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.file, q.source_row, q.source_id, q.reason])).toEqual([
      ['2024-01.csv', 2, 'S2', 'malformed_line'],
      ['2024-02.csv', 2, 'S1', 'duplicate_id'],
      ['2024-02.csv', 3, 'S5', 'malformed_line'],
    ]);
    expect(await db.all(`select source_id, source_row::int as source_row, hrg from activity_normalised order by start_date`)).toEqual([
      { source_id: 'S1', source_row: 1, hrg: null },
      { source_id: 'S3', source_row: 3, hrg: null },
      { source_id: 'S4', source_row: 1, hrg: 'HN22C' },
      { source_id: 'S6', source_row: 4, hrg: null },
    ]);
  });

  // The same rows as CSV and as Parquet (code lists as Parquet lists, dates as DATE, money as DECIMAL where
  // the value allows it) give the same quarantine and the same normalised rows.
  const apcCsv = csv(
    `${HEADER},procedures,discharge_date,cost_gbp`,
    'S1,P1,RRF,2024-03-01,11,M17.1;I10X,W40.1;Z84.6,2024-03-04,6500.00',
    'S2,P1,RRF,2024-03-01,11,M17.1;12345,W40.1,2024-03-04,10',
    'S3,P404,RRF,2024-03-01,11,M17.1,,2024-03-04,',
    'S4,P2,RRF,2024-03-09,21,M17.1,W40.1,2024-03-04,',
    'S1,P2,RRF,2024-04-01,11,M17.1,,,',
    'S6,P2,RRF,2024-04-01,11,M17.1,,,-4.00',
    // clean once trimmed and normalised (a code, a text): from Parquet, rows stage 2 stores, not read again as they are
    'S7,P1,RRF,2024-03-02, 11 ,m17.1,w40.1,2024-03-05,100.00',
    'S8, P2 ,RRF,2024-03-02,11,M171,W401,2024-03-06,200.00',
  );

  it('a Parquet feed gives the same quarantine and the same normalised rows as the CSV', async () => {
    const fromCsv = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apcCsv });
    const dir = await feedFolder({ 'patients.csv': PATIENTS, 'source.csv': apcCsv });
    const apcParquet = `select spell_id, patient_id, provider_code, admission_date::date as admission_date, admission_method,
         string_split(diagnoses, ';') as diagnoses, string_split(procedures, ';') as procedures,
         discharge_date::date as discharge_date, cost_gbp::decimal(18,2) as cost_gbp
       from read_csv(${`'${join(dir, 'source.csv')}'`}, all_varchar = true)`;
    await writeParquet(join(dir, 'apc_spells.parquet'), apcParquet);
    const fromParquet = await ingestFolder(dir);
    expect(fromParquet.feed('apc_spells').files.map((f) => f.format)).toEqual(['parquet']);
    // Dates and money arrive typed and are read as they are, not printed and parsed back; the checks still run.
    expect(fromParquet.feed('apc_spells').files[0].native).toEqual(['admission_date', 'discharge_date', 'cost_gbp']);
    const strip = (rows: Awaited<ReturnType<typeof quarantined>>) => rows.map(({ file: _file, ...rest }) => rest);
    const expected = [
      { feed: 'apc_spells', source_row: 2, source_id: 'S2', reason: 'bad_code', detail: 'diagnoses "M17.1;12345" holds a code that is not valid ICD-10' },
      { feed: 'apc_spells', source_row: 3, source_id: 'S3', reason: 'unknown_patient', detail: 'patient_id "P404" is not in the patients feed (or its patients row was quarantined)' },
      { feed: 'apc_spells', source_row: 4, source_id: 'S4', reason: 'end_before_start', detail: 'discharge_date 2024-03-04 is before admission_date 2024-03-09' },
      { feed: 'apc_spells', source_row: 5, source_id: 'S1', reason: 'duplicate_id', detail: 'spell_id "S1" appears earlier in the feed; the later copy is set aside' },
      { feed: 'apc_spells', source_row: 6, source_id: 'S6', reason: 'negative_cost', detail: 'cost_gbp "-4.00" is negative: costs must be ≥ 0 (credits belong in the cost ledger)' },
    ];
    expect(strip(await quarantined(fromCsv.db, 'apc_spells'))).toEqual(expected);
    expect(strip(await quarantined(fromParquet.db, 'apc_spells'))).toEqual(expected);
    const columns = 'source_id, source_row::int as source_row, diagnoses, procedures, primary_procedure, end_date, supplied_cost_gbp::double as cost';
    const rows = await normalised(fromCsv.db, 'apc_spells', columns);
    expect(rows).toEqual([
      { source_id: 'S1', source_row: 1, diagnoses: ['M171', 'I10'], procedures: ['W401', 'Z846'], primary_procedure: 'W401', end_date: '2024-03-04', cost: 6500 },
      { source_id: 'S7', source_row: 7, diagnoses: ['M171'], procedures: ['W401'], primary_procedure: 'W401', end_date: '2024-03-05', cost: 100 },
      { source_id: 'S8', source_row: 8, diagnoses: ['M171'], procedures: ['W401'], primary_procedure: 'W401', end_date: '2024-03-06', cost: 200 },
    ]);
    expect(await normalised(fromParquet.db, 'apc_spells', columns)).toEqual(rows);
    // An extract column named file_row_number (DuckDB's name for a row's place, which stage 2 reads) changes nothing.
    await writeParquet(join(dir, 'apc_spells.parquet'), `select *, 999 as file_row_number from (${apcParquet})`);
    const again = await ingestFolder(dir);
    expect(strip(await quarantined(again.db, 'apc_spells'))).toEqual(expected);
    expect(await normalised(again.db, 'apc_spells', columns)).toEqual(rows);
  });

  it('a Parquet file stores apart only the rows it rewrites, or all of them when most need it', async () => {
    const dir = await feedFolder({ 'patients.csv': PATIENTS });
    await mkdir(join(dir, 'prescriptions'));
    // 150,000 rows each, one with a negative cost; in a.parquet every BNF code is in lower case (normalised, so
    // stored apart: more than MAX_ROWS_APART), in b.parquet one is
    const rows = (file: string, lower: string) => `select '${file}' || i as item_id, 'P1' as patient_id, date '2024-01-01' as dispensed_date,
        case when ${lower} then lower('0407010H0AAAMAM') else '0407010H0AAAMAM' end as bnf_code, 1.0::double as quantity,
        (case when i = 7 then -1 else 1 end)::decimal(18,2) as actual_cost_gbp
      from range(1, 150001) t(i)`;
    await writeParquet(join(dir, 'prescriptions', 'a.parquet'), rows('A', 'true'));
    await writeParquet(join(dir, 'prescriptions', 'b.parquet'), rows('B', 'i = 5'));
    expect(MAX_ROWS_APART).toBeLessThan(150_000);
    const { db } = await ingestFolder(dir);
    // b.parquet is read again by every later statement; a.parquet only from its stored copy
    const { sql } = await db.one<{ sql: string }>(`select sql from duckdb_views() where view_name = 'validated_prescriptions'`);
    expect(sql).toContain(join(dir, 'prescriptions', 'b.parquet'));
    expect(sql).not.toContain(join(dir, 'prescriptions', 'a.parquet'));
    expect(await db.one(`select count(*)::int as n, count(*) filter (where bnf_code = '0407010H0AAAMAM')::int as upper,
      count(*) filter (where reason is null)::int as clean from checked_prescriptions`)).toEqual({ n: 300_000, upper: 300_000, clean: 299_998 });
    expect((await quarantined(db, 'prescriptions')).map((q) => `${q.file} ${q.source_row} ${q.source_id} ${q.reason}`)).toEqual([
      'a.parquet 7 A7 negative_cost',
      'b.parquet 7 B7 negative_cost',
    ]);
    expect(await db.all(`select source_file, line_no::int as line, bnf_code from checked_prescriptions where item_id in ('A5', 'B5', 'B150000') order by all`)).toEqual([
      { source_file: 'a.parquet', line: 5, bnf_code: '0407010H0AAAMAM' },
      { source_file: 'b.parquet', line: 5, bnf_code: '0407010H0AAAMAM' },
      { source_file: 'b.parquet', line: 150_000, bnf_code: '0407010H0AAAMAM' },
    ]);
  });

  it('a Parquet file with no rows, and one whose optional columns are all empty, read again as they are', async () => {
    const dir = await feedFolder({ 'patients.csv': PATIENTS });
    await mkdir(join(dir, 'prescriptions'));
    const rows = (n: number) => `select 'X' || i as item_id, 'P1' as patient_id, date '2024-01-01' as dispensed_date, '0407010H0AAAMAM' as bnf_code,
        null::varchar as dmd_code, null::double as quantity, 2.50::decimal(18,2) as actual_cost_gbp
      from range(1, ${n + 1}) t(i)`;
    await writeParquet(join(dir, 'prescriptions', 'a.parquet'), rows(0));
    await writeParquet(join(dir, 'prescriptions', 'b.parquet'), rows(3));
    const { db } = await ingestFolder(dir);
    // neither file needed a row stored apart: both are read again from the input
    const { sql } = await db.one<{ sql: string }>(`select sql from duckdb_views() where view_name = 'validated_prescriptions'`);
    expect(sql).toContain(join(dir, 'prescriptions', 'a.parquet'));
    expect(sql).toContain(join(dir, 'prescriptions', 'b.parquet'));
    expect(sql).not.toContain('anti join');
    expect(await db.all(`select source_file, line_no::int as line, item_id, dmd_code, quantity, actual_cost_gbp::double as cost, reason from checked_prescriptions order by item_id`)).toEqual(
      [1, 2, 3].map((i) => ({ source_file: 'b.parquet', line: i, item_id: `X${i}`, dmd_code: null, quantity: null, cost: 2.5, reason: null })),
    );
    expect(await quarantined(db, 'prescriptions')).toEqual([]);
  });

  it('a Parquet feed without a required column', async () => {
    const dir = await feedFolder({ 'patients.csv': PATIENTS });
    await writeParquet(join(dir, 'apc_spells.parquet'), `select 'S1' as spell_id, 'P1' as patient_id, 'RRF' as provider_code, date '2024-03-01' as admission_date, '11' as admission_method`);
    const err = await failure(ingestFolder(dir));
    expect(err.code).toBe('MISSING_COLUMN');
    expect(err.where).toMatchObject({ feed: 'apc_spells', column: 'diagnoses' });
    expect(err.where.file).toMatch(/apc_spells\.parquet$/);
  });
});
