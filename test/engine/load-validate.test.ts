// Stages 1–3 on hand-made feeds: every quarantine reason with its true line, and the normalised values of the
// rows that pass. Each fixture is small enough to check by eye; the line numbers in comments are data lines
// (1-based, header excluded), which is what quarantine.source_row and activity.source_row hold.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sqlString } from '../../engine/db.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { buildDataQuality } from '../../engine/stages/07-aggregate/data-quality.ts';
import { createTableSql } from '../../schemas/define.ts';
import { DataQuality, LedgerReconciliation } from '../../schemas/tables/index.ts';
import { PATIENTS, count, csv, feedFolder, ingest, ingestFolder, normalised, price, quarantined, reasons, writeParquet } from '../helpers/feed-fixture.ts';

const APC_HEADER = 'spell_id,patient_id,provider_code,admission_date,admission_method,discharge_date,hrg,diagnoses,procedures,cost_gbp';
const apcRow = (id: string, overrides: Partial<Record<'patient' | 'admitted' | 'method' | 'discharged' | 'hrg' | 'dx' | 'px' | 'cost', string>> = {}) => {
  const r = { patient: 'P1', admitted: '2024-03-01', method: '11', discharged: '2024-03-04', hrg: 'HN22C', dx: 'M17.1', px: 'W40.1', cost: '6500.00', ...overrides };
  return [id, r.patient, 'RRF', r.admitted, r.method, r.discharged, r.hrg, r.dx, r.px, r.cost].join(',');
};

/** Prices an ingest and builds its data_quality (no ledger rows), as the build's stage 7 does; returns its database. */
async function withDataQuality(ingested: Awaited<ReturnType<typeof ingest>>) {
  const priced = await price(ingested);
  for (const spec of [LedgerReconciliation, DataQuality]) await ingested.db.run(createTableSql(spec));
  await buildDataQuality(ingested.db, ingested.feeds, priced, ingested.validated!.cleared, stageTable(LedgerReconciliation.name, LedgerReconciliation));
  return ingested.db;
}

describe('validation reasons on a hand-made APC feed', () => {
  // One clean row first, then one fault per line, then clean rows after the reader's rejected lines.
  const apc = Buffer.concat([
    Buffer.from(
      csv(
        APC_HEADER,
        apcRow('S01', { dx: 'M17.1;I10X', px: 'W40.1;Z84.6' }), // 1 clean
        apcRow('S02', { patient: '' }), // 2 missing_required
        apcRow('S03', { admitted: '2024-13-01' }), // 3 bad_type
        apcRow('S04', { hrg: 'HN22' }), // 4 bad_code (HRG)
        apcRow('S05', { dx: 'M17.1;12345' }), // 5 bad_code: one bad element of an ICD-10 list
        apcRow('S06', { px: 'W40.1;W4' }), // 6 bad_code: one bad element of an OPCS-4 list
        apcRow('S07', { admitted: '2024-03-04', discharged: '2024-03-01' }), // 7 end_before_start
        apcRow('S08', { admitted: '2024-07-15', discharged: '2024-07-20' }), // 8 future_date (as of 2024-06-30)
        apcRow('S09', { cost: '-12.50' }), // 9 negative_cost
        apcRow('S10', { cost: '9999999' }), // 10 absurd_value
        apcRow('S01', { patient: 'P2', admitted: '2024-04-01', discharged: '2024-04-04' }), // 11 duplicate_id
        apcRow('S12', { patient: 'P404' }), // 12 unknown_patient: not in patients
        apcRow('S13', { patient: 'P3' }), // 13 unknown_patient: P3's patients row is quarantined
        `${apcRow('S14')},extra`, // 14 malformed_line: too many fields
        'S15,P1,RRF,2024-03-01,11', // 15 malformed_line: too few fields
      ),
    ),
    Buffer.from(`${apcRow('S16', { cost: '65£00' }).replace('£', '\xa3')}\n`, 'latin1'), // 16 bad_encoding (Latin-1 £)
    Buffer.from(
      csv(
        apcRow('S17', { patient: 'P2', admitted: '2024-05-20', method: '21', discharged: '', hrg: '', dx: 'i10x', px: '', cost: '' }), // 17 clean, open spell
        apcRow('S18', { patient: 'P2', admitted: '2024-02-01', method: '12', discharged: '2024-02-02', dx: 'm17.1 ; I10X', px: 'w42.1', cost: '' }), // 18 clean
        apcRow('S19', { admitted: '2024-01-10', method: '2A', discharged: '2024-01-12' }), // 19 clean, emergency (2A)
        apcRow('S20', { admitted: '2024-01-10', method: '31', discharged: '2024-01-12' }), // 20 clean, maternity → apc_other
      ),
    ),
  ]);

  it('quarantines each fault once, with its reason, true line, id and a detail naming the column', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apc });
    const rows = await quarantined(db, 'apc_spells');
    const checked = rows.filter((r) => r.source_row <= 13).map((r) => [r.source_row, r.source_id, r.reason, r.detail]);
    expect(checked).toEqual([
      [2, 'S02', 'missing_required', 'patient_id is empty but required: supply it or drop the row at source'],
      [3, 'S03', 'bad_type', 'admission_date "2024-13-01" is not a date (YYYY-MM-DD)'],
      [4, 'S04', 'bad_code', 'hrg "HN22" is not a valid HRG4+ code'],
      [5, 'S05', 'bad_code', 'diagnoses "M17.1;12345" holds a code that is not valid ICD-10'],
      [6, 'S06', 'bad_code', 'procedures "W40.1;W4" holds a code that is not valid OPCS-4'],
      [7, 'S07', 'end_before_start', 'discharge_date 2024-03-01 is before admission_date 2024-03-04'],
      [8, 'S08', 'future_date', 'admission_date "2024-07-15" is after the run date 2024-06-30'],
      [9, 'S09', 'negative_cost', 'cost_gbp "-12.50" is negative: costs must be ≥ 0 (credits belong in the cost ledger)'],
      [10, 'S10', 'absurd_value', 'cost_gbp "9999999" is above the plausible maximum 500000: check the units or the value'],
      [11, 'S01', 'duplicate_id', 'spell_id "S01" appears earlier in the feed; the later copy is set aside'],
      [12, 'S12', 'unknown_patient', 'patient_id "P404" is not in the patients feed (or its patients row was quarantined)'],
      [13, 'S13', 'unknown_patient', 'patient_id "P3" is not in the patients feed (or its patients row was quarantined)'],
    ]);
    // Lines the CSV reader could not split: the detail gives the line as an editor shows it (header = line 1).
    const rejected = rows.filter((r) => r.source_row > 13);
    expect(rejected.map((r) => [r.source_row, r.source_id, r.reason])).toEqual([
      [14, 'S14', 'malformed_line'],
      [15, 'S15', 'malformed_line'],
      [16, 'S16', 'bad_encoding'],
    ]);
    expect(rejected[0].detail).toBe('line 15: TOO MANY COLUMNS — Expected Number of Columns: 10 Found: 11 Fix the quoting or the number of fields on this line.');
    expect(rejected[1].detail).toBe('line 16: MISSING COLUMNS (cost_gbp) — Expected Number of Columns: 10 Found: 5 Fix the quoting or the number of fields on this line.');
    expect(rejected[2].detail).toMatch(/^line 17: INVALID ENCODING \(cost_gbp\) — .*not utf-8 encoded\. Re-export the file as UTF-8\.$/);
    // The patients row that made S13 unknown.
    expect(await reasons(db, 'patients')).toEqual(['3 bad_value']);
    expect((await quarantined(db, 'patients'))[0].detail).toBe('sex "7" is not one of 1, 2, 9 (recode it in the mapping file)');
  });

  it('never quarantines a clean row: the first copy of a duplicate and the rows after rejected lines keep their true line', async () => {
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apc });
    const rows = await normalised<{ source_id: string; source_row: number; patient_id: string }>(db, 'apc_spells', 'source_id, source_row::int as source_row, patient_id');
    expect(rows).toEqual([
      { source_id: 'S01', source_row: 1, patient_id: 'P1' },
      { source_id: 'S17', source_row: 17, patient_id: 'P2' },
      { source_id: 'S18', source_row: 18, patient_id: 'P2' },
      { source_id: 'S19', source_row: 19, patient_id: 'P1' },
      { source_id: 'S20', source_row: 20, patient_id: 'P1' },
    ]);
    // Every line is accounted for once: 20 data lines = 5 normalised + 15 quarantined.
    expect((await count(db, 'activity_normalised')) + (await quarantined(db, 'apc_spells')).length).toBe(20);
    expect(await count(db, 'checked_patients')).toBe(3);
  });

  it('normalises codes (dots, case, ICD-10 X padding), keeps the primary code first and derives the activity type', async () => {
    const { db, cutoff } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apc });
    // Latest clean activity is S17 on 2024-05-20: the cut-off is the end of that month.
    expect(cutoff).toBe('2024-05-31');
    const rows = await normalised(db, 'apc_spells', 'source_id, activity_type, admission_method, start_date, end_date, hrg, primary_diagnosis, diagnoses, primary_procedure, procedures, supplied_cost_gbp::double as cost');
    expect(rows).toEqual([
      { source_id: 'S01', activity_type: 'apc_elective', admission_method: '11', start_date: '2024-03-01', end_date: '2024-03-04', hrg: 'HN22C', primary_diagnosis: 'M171', diagnoses: ['M171', 'I10'], primary_procedure: 'W401', procedures: ['W401', 'Z846'], cost: 6500 },
      // Open spell: still in hospital, so it ends at the cut-off.
      { source_id: 'S17', activity_type: 'apc_emergency', admission_method: '21', start_date: '2024-05-20', end_date: '2024-05-31', hrg: null, primary_diagnosis: 'I10', diagnoses: ['I10'], primary_procedure: null, procedures: null, cost: null },
      { source_id: 'S18', activity_type: 'apc_elective', admission_method: '12', start_date: '2024-02-01', end_date: '2024-02-02', hrg: 'HN22C', primary_diagnosis: 'M171', diagnoses: ['M171', 'I10'], primary_procedure: 'W421', procedures: ['W421'], cost: null },
      { source_id: 'S19', activity_type: 'apc_emergency', admission_method: '2A', start_date: '2024-01-10', end_date: '2024-01-12', hrg: 'HN22C', primary_diagnosis: 'M171', diagnoses: ['M171'], primary_procedure: 'W401', procedures: ['W401'], cost: 6500 },
      { source_id: 'S20', activity_type: 'apc_other', admission_method: '31', start_date: '2024-01-10', end_date: '2024-01-12', hrg: 'HN22C', primary_diagnosis: 'M171', diagnoses: ['M171'], primary_procedure: 'W401', procedures: ['W401'], cost: 6500 },
    ]);
  });
});

describe('dates before the NHS', () => {
  it('an activity dated before 5 July 1948 is a wrong date; a birth date may be, and an end date is held by its start', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(
        APC_HEADER,
        apcRow('S01', { admitted: '1900-01-01', discharged: '1900-01-03' }),
        apcRow('S02', { admitted: '1948-07-04', discharged: '1948-07-06' }),
        apcRow('S03', { admitted: '1948-07-05', discharged: '1948-07-06' }), // the NHS's first day: kept
      ),
    });
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_id, q.reason, q.detail])).toEqual([
      ['S01', 'bad_value', 'admission_date "1900-01-01" is before the NHS began (5 July 1948): check the date'],
      ['S02', 'bad_value', 'admission_date "1948-07-04" is before the NHS began (5 July 1948): check the date'],
    ]);
  });
});

describe('validation reasons of the other feeds', () => {
  it('codes that normalise to nothing are bad codes, not empty values', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { hrg: '-' }), apcRow('S2', { dx: ';' }), apcRow('S3', { dx: 'M17.1;;I10' }), 'S4,P1,.,2024-03-01,11,2024-03-04,HN22C,M17.1,W40.1,'),
    });
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [1, 'bad_code', 'hrg "-" is not a valid HRG4+ code'],
      [2, 'bad_code', 'diagnoses ";" holds a code that is not valid ICD-10'],
      [4, 'bad_code', 'provider_code "." is not a valid ODS organisation code'],
    ]);
    // An empty element between separators is only a doubled separator.
    expect(await normalised(db, 'apc_spells', 'source_id, diagnoses')).toEqual([{ source_id: 'S3', diagnoses: ['M171', 'I10'] }]);
  });

  it('sets aside an organisation coded ICB: the aggregates name their ICB total row so', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(APC_HEADER, 'S1,P1,ICB,2024-03-01,11,2024-03-04,HN22C,M17.1,W40.1,', 'S2,P1,icb,2024-03-01,11,2024-03-04,HN22C,M17.1,W40.1,', 'S3,P1,ICB1,2024-03-01,11,2024-03-04,HN22C,M17.1,W40.1,'),
    });
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_id, q.reason, q.detail])).toEqual([
      ['S1', 'bad_code', `provider_code "ICB" is the code pathcost gives the ICB's total row: give the organisation's own ODS code (a mapping file can recode it)`],
      ['S2', 'bad_code', `provider_code "icb" is the code pathcost gives the ICB's total row: give the organisation's own ODS code (a mapping file can recode it)`],
    ]);
  });

  it('surrounding spaces are ignored; a value of only spaces is missing, never a bad value', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(
        APC_HEADER,
        apcRow(' S1 ', { admitted: ' 2024-03-01 ', method: ' 11', discharged: '2024-03-04 ', hrg: ' hn22c ', dx: ' M17.1 ; I10X ', px: ' W40.1', cost: ' 6500.00 ' }), // 1 clean
        apcRow('S2', { admitted: '   ' }), // 2 missing_required (date)
        apcRow('S3', { dx: '  ' }), // 3 missing_required (code list)
        apcRow('S4', { method: '  ' }), // 4 missing_required (code)
        apcRow('S5', { hrg: '   ', px: '  ', cost: '   ', discharged: ' ' }), // 5 clean: optional columns empty
        apcRow('S6', { px: ' ; ' }), // 6 bad_code: separators only
        apcRow('S7', { hrg: '\u00a0' }), // 7 bad_code: a lone no-break space is a value, not a blank
        apcRow('S8', { cost: ' 5\u00a0' }), // 8 clean: a space on one side, a no-break space on the other
      ),
    });
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [2, 'missing_required', 'admission_date is empty but required: supply it or drop the row at source'],
      [3, 'missing_required', 'diagnoses is empty but required: supply it or drop the row at source'],
      [4, 'missing_required', 'admission_method is empty but required: supply it or drop the row at source'],
      [6, 'bad_code', 'procedures " ; " holds a code that is not valid OPCS-4'],
      [7, 'bad_code', 'hrg "\u00a0" is not a valid HRG4+ code'],
    ]);
    expect(await normalised(db, 'apc_spells', 'source_id, start_date, end_date, admission_method, hrg, diagnoses, procedures, supplied_cost_gbp::double as cost')).toEqual([
      { source_id: 'S1', start_date: '2024-03-01', end_date: '2024-03-04', admission_method: '11', hrg: 'HN22C', diagnoses: ['M171', 'I10'], procedures: ['W401'], cost: 6500 },
      // An empty discharge date is an open spell: it ends at the cut-off, the end of the latest month (March).
      { source_id: 'S5', start_date: '2024-03-01', end_date: '2024-03-31', admission_method: '11', hrg: null, diagnoses: ['M171'], procedures: null, cost: null },
      { source_id: 'S8', start_date: '2024-03-01', end_date: '2024-03-04', admission_method: '11', hrg: 'HN22C', diagnoses: ['M171'], procedures: ['W401'], cost: 5 },
    ]);
  });

  it('codes separated by commas and bars, as in the national *_All columns, are each a code: never joined into one', async () => {
    // Normalising strips punctuation: '182836005,33879002' had become the valid-looking SNOMED CT id 18283600533879002
    const quote = (x: string) => `"${x}"`;
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { dx: quote('||M171 ,I10 ,E119 ||N179'), px: quote('||W401,Z942') })),
      'gp_appointments.csv': csv(
        'appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,mode,status,snomed_codes',
        'G1,P1,A81001,2024-03-01,gp,10,,face_to_face,attended,"182836005,33879002"',
        'G2,P1,A81001,2024-03-01,gp,10,,face_to_face,attended,182836005|33879002',
        'G3,P1,A81001,2024-03-01,gp,10,,face_to_face,attended,182836005 33879002',
      ),
    });
    expect(await normalised(db, 'apc_spells', 'source_id, primary_diagnosis, diagnoses, primary_procedure, procedures')).toEqual([
      { source_id: 'S1', primary_diagnosis: 'M171', diagnoses: ['M171', 'I10', 'E119', 'N179'], primary_procedure: 'W401', procedures: ['W401', 'Z942'] },
    ]);
    expect(await normalised(db, 'gp_appointments', 'source_id, diagnoses')).toEqual([
      { source_id: 'G1', diagnoses: ['182836005', '33879002'] },
      { source_id: 'G2', diagnoses: ['182836005', '33879002'] },
      { source_id: 'G3', diagnoses: ['182836005', '33879002'] }, // a space too (a review found it joined)
    ]);
  });

  it('money as a spreadsheet writes it: a pound sign and thousands commas are read; other separators are not', async () => {
    const q = (x: string) => `"${x}"`;
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { cost: q('£4,043.86') }), apcRow('S2', { cost: '£6500' }), apcRow('S3', { cost: q('104,043.5') }),
        apcRow('S4', { cost: q('4.043,86') }), apcRow('S5', { cost: q('40,43.86') }), apcRow('S6', { cost: '£1_000' }), apcRow('S7', { cost: q(' £ 12') }),
        apcRow('S8', { cost: q('0,125') })), // a decimal comma, not £125
    });
    expect(await normalised(db, 'apc_spells', 'source_id, supplied_cost_gbp::double as cost')).toEqual([
      { source_id: 'S1', cost: 4043.86 },
      { source_id: 'S2', cost: 6500 },
      { source_id: 'S3', cost: 104043.5 },
    ]);
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_id, q.reason])).toEqual([
      ['S4', 'bad_type'], ['S5', 'bad_type'], ['S6', 'bad_type'], ['S7', 'bad_type'], ['S8', 'bad_type'],
    ]);
  });

  it('GP appointments: enum values, SNOMED code lists, plausible minutes', async () => {
    const header = 'appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,mode,status,snomed_codes';
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'gp_appointments.csv': csv(
        header,
        'G1,P1,A81001,2024-03-01,gp,10,8,face_to_face,attended,239873007', // 1 clean
        'G2,P1,A81001,2024-03-01,doctor,10,8,face_to_face,attended,', // 2 bad_value (staff_role)
        'G3,P1,A81001,2024-03-01,gp,10,8,face_to_face,attended,239873007;12ab', // 3 bad_code (one SNOMED element)
        'G4,P1,A81001,2024-03-01,gp,-5,,face_to_face,attended,', // 4 absurd_value (below 0)
        'G5,P1,A81001,2024-03-01,gp,10,700,face_to_face,attended,', // 5 absurd_value (above 600)
        'G6,P1,A81001,2024-03-01,gp,ten,,face_to_face,attended,', // 6 bad_type
        'G7,P1,A81001,2024-03-01,gp,10,,in_person,attended,', // 7 bad_value (mode)
        'G8,P1,A81001,2024-03-01,GP,10,,,Attended,', // 8 clean: an enum's case carries no meaning
        'G9,P1,A81001,2024-03-01,Gp,10,,,Atended,', // 9 bad_value (a misspelling is not a case)
      ),
    });
    expect(await normalised(db, 'gp_appointments', 'source_id, staff_role::varchar as staff_role, status::varchar as status')).toEqual([
      { source_id: 'G1', staff_role: 'GP', status: 'attended' },
      { source_id: 'G8', staff_role: 'GP', status: 'attended' },
    ]);
    expect((await quarantined(db, 'gp_appointments')).map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [2, 'bad_value', 'staff_role "doctor" is not one of gp, nurse, fcp_physio, pharmacist, other (recode it in the mapping file)'],
      [3, 'bad_code', 'snomed_codes "239873007;12ab" holds a code that is not valid SNOMED CT'],
      [4, 'absurd_value', 'planned_minutes "-5" is below the plausible minimum 0'],
      [5, 'absurd_value', 'actual_minutes "700" is above the plausible maximum 600: check the units or the value'],
      [6, 'bad_type', 'planned_minutes "ten" is not a number'],
      [7, 'bad_value', 'mode "in_person" is not one of face_to_face, telephone, video, home_visit (recode it in the mapping file)'],
      [9, 'bad_value', 'status "Atended" is not one of attended, dna, cancelled (recode it in the mapping file)'],
    ]);
  });

  it('A&E timestamps: departure before arrival, arrival after the run date', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'ae_attendances.csv': csv(
        'attendance_id,patient_id,provider_code,arrival_time,departure_time,diagnoses,hrg,cost_gbp',
        'E1,P1,RRF,2024-03-01T10:00:00,2024-03-01T14:30:00,22298006,VB07Z,180',
        'E2,P1,RRF,2024-03-01T10:00:00,2024-03-01T09:00:00,22298006,VB07Z,180',
        'E3,P1,RRF,2024-07-01T10:00:00,2024-07-01T11:00:00,22298006,VB07Z,180',
        'E4,P2,RRF,2024-03-31T23:10:00,2024-04-01T02:00:00,0123,VB07Z,180',
      ),
    });
    expect((await quarantined(db, 'ae_attendances')).map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [2, 'end_before_start', 'departure_time 2024-03-01 09:00:00 is before arrival_time 2024-03-01 10:00:00'],
      [3, 'future_date', 'arrival_time "2024-07-01T10:00:00" is after the run date 2024-06-30'],
      [4, 'bad_code', 'diagnoses "0123" holds a code that is not valid SNOMED CT'],
    ]);
    expect(await normalised(db, 'ae_attendances', 'source_id, activity_type, start_date, end_date, primary_diagnosis')).toEqual([
      { source_id: 'E1', activity_type: 'ae_attendance', start_date: '2024-03-01', end_date: '2024-03-01', primary_diagnosis: '22298006' },
    ]);
  });

  it('patients: the later copy of a duplicate id is quarantined and the first is kept; registration dates out of order are cleared', async () => {
    const { db } = await ingest({
      'patients.csv': csv('patient_id,birth_date,sex,practice_code,registered_from,registered_to', 'P1,1950-01-01,1,A81001,2000-01-01,', 'P1,1951-01-01,2,A81001,,', 'P2,1960-01-01,2,A81002,2010-05-01,2009-01-01', 'P4,1960-01-01,2,A81002,,'),
      'prescriptions.csv': csv('item_id,patient_id,dispensed_date,bnf_code,quantity,actual_cost_gbp', 'I1,P1,2024-03-02,0407010H0AAAMAM,56,3.20', 'I2,P2,2024-03-02,0407010H0AAAMAM,56,3.20', 'I3,P4,2024-03-02,0407010H0AAAMAM,56,'),
    });
    expect((await quarantined(db, 'patients')).map((q) => [q.source_row, q.source_id, q.reason, q.detail])).toEqual([
      [2, 'P1', 'duplicate_id', 'patient_id "P1" appears earlier in the feed; the later copy is set aside'],
    ]);
    expect(await db.all(`select birth_date, sex from checked_patients where patient_id = 'P1' and reason is null`)).toEqual([{ birth_date: '1950-01-01', sex: '1' }]);
    // P2's registration ends before it starts: both dates become unknown, and P2 and their activity are kept.
    expect(await db.all(`select patient_id, registered_from, registered_to from checked_patients where patient_id = 'P2'`)).toEqual([{ patient_id: 'P2', registered_from: null, registered_to: null }]);
    expect(await db.all(`select feed, file, source_row::int as source_row, source_id, reason::varchar as reason, detail from cleared_values`)).toEqual([
      { feed: 'patients', file: 'patients.csv', source_row: 3, source_id: 'P2', reason: 'end_before_start', detail: 'registered_to 2009-01-01 is before registered_from 2010-05-01: cleared, the row kept' },
    ]);
    // Prescriptions take their provider from the patient's practice.
    expect(await reasons(db, 'prescriptions')).toEqual(['3 missing_required']);
    expect(await normalised(db, 'prescriptions', 'source_id, provider_code, bnf_code, quantity, supplied_cost_gbp::double as cost')).toEqual([
      { source_id: 'I1', provider_code: 'A81001', bnf_code: '0407010H0AAAMAM', quantity: 56, cost: 3.2 },
      { source_id: 'I2', provider_code: 'A81002', bnf_code: '0407010H0AAAMAM', quantity: 56, cost: 3.2 },
    ]);
    // The same rows for reads that need no provider (pricing keys): no patients lookup, no provider.
    expect(await db.all(`select source_id, provider_code, quantity from activity_normalised_no_provider where feed = 'prescriptions' order by source_id`)).toEqual([
      { source_id: 'I1', provider_code: null, quantity: 56 },
      { source_id: 'I2', provider_code: null, quantity: 56 },
    ]);
  });

  it('patients: a bad optional value (area, decile, registration or death date) is cleared and the patient kept; a bad required one sets the row aside', async () => {
    const header = 'patient_id,birth_date,sex,lsoa_code,imd_decile,practice_code,registered_from,registered_to,date_of_death';
    const patients = csv(
      header,
      'P1,1950-01-01,1,E01000001,3,A81001,2000-01-01,,', // clean
      'P2,1960-01-01,2,E01000002,11,A81001,,,', // imd_decile above 10
      'P3,1960-01-01,2,not-an-area,4,A81001,,,', // lsoa_code not a code
      'P4,1960-01-01,1,E01000004,5,A81001,2031-01-01,,', // registered_from after the run date
      'P5,1960-01-01,1,E01000005,5,A81001,,,2030-02-01', // date_of_death after the run date
      'P6,1960-01-01,7,E01000006,5,A81001,2031-01-01,,', // sex 7: set aside (its future registration not listed again)
      'P7,1960-01-01,1,E01000007,five,A81001,,,', // imd_decile not a number
    );
    const contacts = csv(
      'contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,status',
      ...['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'].map((p, i) => `C${i + 1},${p},RY8,2024-03-01,physiotherapy,physiotherapist,30,attended`),
    );
    const csvDir = await feedFolder({ 'patients.csv': patients, 'community_contacts.csv': contacts });
    // The same patients as Parquet, typed as DuckDB's reader guesses (dates as DATE): the pass that stores apart
    // only the rows it must rewrite.
    const parquetDir = await feedFolder({ 'community_contacts.csv': contacts });
    await writeParquet(join(parquetDir, 'patients.parquet'), `select * from read_csv(${sqlString(join(csvDir, 'patients.csv'))})`);
    for (const [format, dir] of [['csv', csvDir], ['parquet', parquetDir]] as const) {
      const { db } = await ingestFolder(dir);
      expect((await quarantined(db, 'patients')).map((q) => [q.source_row, q.source_id, q.reason]), format).toEqual([[6, 'P6', 'bad_value']]);
      expect(await db.all(`select source_row::int as source_row, source_id, reason::varchar as reason, detail from cleared_values order by source_row`), format).toEqual([
        { source_row: 2, source_id: 'P2', reason: 'absurd_value', detail: 'imd_decile "11" is above the plausible maximum 10: check the units or the value: cleared, the row kept' },
        { source_row: 3, source_id: 'P3', reason: 'bad_code', detail: 'lsoa_code "not-an-area" is not a valid LSOA 2011/2021 code: cleared, the row kept' },
        { source_row: 4, source_id: 'P4', reason: 'future_date', detail: 'registered_from "2031-01-01" is after the run date 2024-06-30: cleared, the row kept' },
        { source_row: 5, source_id: 'P5', reason: 'future_date', detail: 'date_of_death "2030-02-01" is after the run date 2024-06-30: cleared, the row kept' },
        { source_row: 7, source_id: 'P7', reason: 'bad_type', detail: 'imd_decile "five" is not a whole number: cleared, the row kept' },
      ]);
      expect(await db.all(`select patient_id, lsoa_code, imd_decile::int as imd_decile, registered_from, date_of_death from checked_patients where reason is null order by patient_id`), format).toEqual([
        { patient_id: 'P1', lsoa_code: 'E01000001', imd_decile: 3, registered_from: '2000-01-01', date_of_death: null },
        { patient_id: 'P2', lsoa_code: 'E01000002', imd_decile: null, registered_from: null, date_of_death: null },
        { patient_id: 'P3', lsoa_code: null, imd_decile: 4, registered_from: null, date_of_death: null },
        { patient_id: 'P4', lsoa_code: 'E01000004', imd_decile: 5, registered_from: null, date_of_death: null },
        { patient_id: 'P5', lsoa_code: 'E01000005', imd_decile: 5, registered_from: null, date_of_death: null },
        { patient_id: 'P7', lsoa_code: 'E01000007', imd_decile: null, registered_from: null, date_of_death: null },
      ]);
      // Only P6's contact loses its patient.
      expect(await reasons(db, 'community_contacts'), format).toEqual(['6 unknown_patient']);
    }
  });

  it('data_quality counts cleared values per feed and reason, with the first line', async () => {
    const patients = csv('patient_id,birth_date,sex,imd_decile,practice_code,registered_from', 'P1,1950-01-01,1,0,A81001,', 'P2,1962-06-01,2,7,A81002,2030-01-01', 'P3,1970-01-01,1,99,A81003,');
    const ingested = await ingest({ 'patients.csv': patients });
    const db = await withDataQuality(ingested);
    expect(await db.all(`select month, "check", value::int as value, detail from data_quality where "check" like 'cleared:%' order by "check"`)).toEqual([
      { month: 'all', check: 'cleared:absurd_value', value: 2, detail: 'line 1: imd_decile "0" is below the plausible minimum 1: cleared, the row kept' },
      { month: 'all', check: 'cleared:future_date', value: 1, detail: 'line 2: registered_from "2030-01-01" is after the run date 2024-06-30: cleared, the row kept' },
    ]);
  });

  it('a spell of more than ten years is quarantined as absurd (an open one counted to the run date); ten years is kept', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(
        APC_HEADER,
        apcRow('L1', { admitted: '2004-03-01', discharged: '2024-03-04' }), // 7,308 days: 2004 typed for 2024
        apcRow('L2', { admitted: '2014-03-01', discharged: '2024-03-01' }), // 3,653 days: the limit, kept
        apcRow('L3', { admitted: '2014-02-28', discharged: '2024-03-01' }), // 3,654 days
        apcRow('L4', { admitted: '2010-01-01', method: '21', discharged: '', cost: '' }), // open: 5,294 days to 2024-06-30
      ),
    });
    expect((await quarantined(db, 'apc_spells')).map((q) => [q.source_id, q.reason, q.detail])).toEqual([
      ['L1', 'absurd_value', 'admission_date 2004-03-01 to discharge_date 2024-03-04 is 7,308 days, above the plausible 3,653 (10 years): check admission_date'],
      ['L3', 'absurd_value', 'admission_date 2014-02-28 to discharge_date 2024-03-01 is 3,654 days, above the plausible 3,653 (10 years): check admission_date'],
      ['L4', 'absurd_value', 'admission_date 2010-01-01 to discharge_date none, to the run date 2024-06-30 is 5,294 days, above the plausible 3,653 (10 years): check admission_date'],
    ]);
    // the quarantined spells keep their pounds: L1's and L3's £6,500 each are counted in, not lost
    expect(await db.one(`select sum(cost_gbp)::double as gbp from quarantine_checked where feed = 'apc_spells'`)).toEqual({ gbp: 13_000 });
  });

  it('social care: a unit cost whose week is absurd is quarantined, though each value is within its range', async () => {
    const header = 'service_id,patient_id,la_code,start_date,end_date,service_type,unit_cost_gbp,cost_frequency,planned_units_per_week';
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'social_care_services.csv': csv(
        header,
        'H1,P1,E08000025,2024-04-01,,home_care,20000,hour,168', // £3,360,000 a week
        'H2,P1,E08000025,2024-04-01,,home_care,25.50,hour,14', // £357 a week
        'R1,P1,E08000025,2024-04-01,,residential,1500,week,', // £1,500 a week
        'D1,P1,E08000025,2024-04-01,,day_care,9000,day,', // every day: £63,000 a week
        'E1,P1,E08000025,2024-04-01,2024-04-01,equipment,18000,one_off,', // one-off: no week
        'Y1,P1,E08000025,2024-04-01,,nursing,50400,year,', // £966 a week (it was above a flat £20,000 cap)
        'Y2,P1,E08000025,2024-04-01,,nursing,3000000,year,', // above any unit cost
        'Q1,P1,E08000025,2024-04-01,,nursing,900000,quarter,', // £69,000 a week
      ),
    });
    expect((await quarantined(db, 'social_care_services')).map((q) => [q.source_id, q.reason, q.detail])).toEqual([
      ['H1', 'absurd_value', 'a week of this service costs £3,360,000.00 (unit_cost_gbp 20000.00 per hour, 168 a week), above the plausible £50,000: check the unit cost and its frequency'],
      ['D1', 'absurd_value', 'a week of this service costs £63,000.00 (unit_cost_gbp 9000.00 per day), above the plausible £50,000: check the unit cost and its frequency'],
      ['Y2', 'absurd_value', expect.stringMatching(/^unit_cost_gbp "3000000" is above the plausible maximum/)],
      ['Q1', 'absurd_value', 'a week of this service costs £68,993.84 (unit_cost_gbp 900000.00 per quarter), above the plausible £50,000: check the unit cost and its frequency'],
    ]);
  });

  it('a care package that starts before the patient was born is quarantined, priced; the month of birth is kept; a spell is kept', async () => {
    const header = 'service_id,patient_id,la_code,start_date,end_date,service_type,unit_cost_gbp,cost_frequency,planned_units_per_week';
    const ingested = await ingest({
      'patients.csv': PATIENTS, // P2 born in June 1962 (the feed gives the first of the month)
      'social_care_services.csv': csv(
        header,
        'B1,P2,E08000025,1950-03-06,,residential,1500,week,', // open: 1950 to the run date, £5.6M
        'B2,P2,E08000025,1962-06-01,1962-06-14,residential,1500,week,', // the month of birth itself: kept
        'B3,P2,E08000025,1962-05-31,1962-06-13,residential,1500,week,', // the day before that month
      ),
      'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { patient: 'P2', admitted: '1961-01-01', discharged: '1961-01-03' })),
    }, { cutoff: '2024-06-30' });
    const db = ingested.db;
    expect((await quarantined(db, 'social_care_services')).map((q) => [q.source_id, q.reason, q.detail])).toEqual([
      ['B1', 'before_birth', "start_date 1950-03-06 is before the patient's month of birth (1962-06): check the date and the patient id"],
      ['B3', 'before_birth', "start_date 1962-05-31 is before the patient's month of birth (1962-06): check the date and the patient id"],
    ]);
    // a spell is priced by its HRG, and its episode's age is left unknown (test/engine/unknown-age.test.ts)
    expect(await quarantined(db, 'apc_spells')).toEqual([]);
    // set aside with its pounds, as its own values price it: B3's 14 days (31 May to 13 June) at £1,500 a week
    await price(ingested);
    expect(await db.one(`select cost_gbp::varchar as gbp from quarantine where source_id = 'B3'`)).toEqual({ gbp: '3000.00' });
  });

  it('data_quality reports a feed whose files hold only a header as missing, as one with no file', async () => {
    const ingested = await ingest({
      'patients.csv': PATIENTS,
      'social_care_services.csv': csv('service_id,patient_id,la_code,start_date,end_date,service_type,unit_cost_gbp,cost_frequency,planned_units_per_week'),
    });
    const db = await withDataQuality(ingested);
    const missing = await db.all<{ feed: string; detail: string }>(`select feed, detail from data_quality where "check" = 'missing_feed' order by feed`);
    expect(missing.find((r) => r.feed === 'social_care_services')).toEqual({ feed: 'social_care_services', detail: 'its files hold no data row (a header only): its cost is unknown, not zero' });
    expect(missing.find((r) => r.feed === 'gp_appointments')?.detail).toBe('no file for this feed: its cost is unknown, not zero');
    // the optional columns the files lack, named (only of feeds with files: gp_appointments has none)
    const absent = await db.all<{ feed: string; check: string }>(`select feed, "check" from data_quality where "check" like 'absent_column:%' order by all`);
    expect(absent.map((r) => `${r.feed} ${r.check.replace('absent_column:', '')}`)).toEqual([
      'patients date_of_death', 'patients lsoa_code', 'patients registered_from', 'patients registered_to', 'social_care_services primary_support_reason',
    ]);
  });

  it('data_quality reports a month of the spells that a feed typically holding 20 rows a month has none in', async () => {
    // spells in March, April and May 2024; GP appointments, 25 a month, in March and May only (April cut out)
    const gp = ['2024-03', '2024-05'].flatMap((m) => Array.from({ length: 25 }, (_, i) => `G${m}-${i},P1,A81001,${m}-${String(i + 1).padStart(2, '0')},gp,10,,attended`));
    const ingested = await ingest({
      'patients.csv': PATIENTS,
      'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { admitted: '2024-03-01', discharged: '2024-03-04' }), apcRow('S2', { admitted: '2024-04-01', discharged: '2024-04-04' }), apcRow('S3', { admitted: '2024-05-01', discharged: '2024-05-04' })),
      'gp_appointments.csv': csv('appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,status', ...gp),
    });
    const db = await withDataQuality(ingested);
    expect(await db.all(`select feed, month, value::double as value, detail from data_quality where "check" = 'coverage' and value = 0`)).toEqual([
      { feed: 'gp_appointments', month: '2024-04', value: 0, detail: 'no rows this month, against a typical 25: its cost is unknown, not zero (an extract cut short?)' },
    ]);
  });

  it('reasons found after the typed pass: a duplicate outranks unknown_patient and no other reason', async () => {
    const row = (id: string, patient: string, cost = '3.20') => `${id},${patient},2024-03-02,0407010H0AAAMAM,56,${cost}`;
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'prescriptions.csv': csv(
        'item_id,patient_id,dispensed_date,bnf_code,quantity,actual_cost_gbp',
        row('I1', 'P1'), // 1 clean
        row('I1', 'P404'), // 2 a later copy whose patient is unknown: duplicate_id
        row('I1', 'P1', '-1.00'), // 3 a later copy with a negative cost: keeps negative_cost
        row('I4', 'P404'), // 4 unknown_patient (the first copy of I4)
        row('I4', 'P1'), // 5 duplicate_id
        row('I6', 'P2'), // 6 clean
      ),
    });
    expect((await quarantined(db, 'prescriptions')).map((q) => [q.source_row, q.source_id, q.reason])).toEqual([
      [2, 'I1', 'duplicate_id'],
      [3, 'I1', 'negative_cost'],
      [4, 'I4', 'unknown_patient'],
      [5, 'I4', 'duplicate_id'],
    ]);
    expect(await normalised(db, 'prescriptions', 'source_id, source_row::int as source_row')).toEqual([
      { source_id: 'I1', source_row: 1 },
      { source_id: 'I6', source_row: 6 },
    ]);
  });

  it('cost ledger (no id, no patient): booleans and money are typed; its ragged lines have no id', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'cost_ledger.csv': csv('provider_code,period,line_type,patient_attributable,amount_gbp', 'RRF,2024-03,block_contract,false,125000.00', 'RRF,2024-03,corporate_overhead,maybe,5000', 'RRF,2024-03,drugs,true,12 GBP', 'RRF,2024-03', 'RRF,2024-03,block_contract,false,125000.00', 'RRF,2024-03,drugs,true,1e17', 'RRF,2024-03,drugs,true,NaN', 'RRF,2023-13,block_contract,false,1370.81', 'RRF,2024-03,drugs,true,1_000', 'RRF,2024-03,drugs,true,1000000000000000'),
    });
    expect((await quarantined(db, 'cost_ledger')).map((q) => [q.source_row, q.source_id, q.reason, q.detail.slice(0, 60)])).toEqual([
      [2, null, 'bad_type', 'patient_attributable "maybe" is not true or false'],
      // (a pound sign alone is read: £12 is 12, as a spreadsheet writes it)
      [3, null, 'bad_type', 'amount_gbp "12 GBP" is not an amount in pounds (e.g. 123.45)'],
      [4, null, 'malformed_line', 'line 5: MISSING COLUMNS (amount_gbp) — Expected Number of Co'],
      // a number, too large for any amount: not "not an amount"
      [6, null, 'absurd_value', 'amount_gbp "1e17" is beyond the largest amount pathcost hold'],
      [7, null, 'bad_type', 'amount_gbp "NaN" is not an amount in pounds (e.g. 123.45)'],
      [8, null, 'bad_code', 'period "2023-13" is not a valid month (YYYY-MM) code'],
      // DuckDB would read 1_000 as 1000; no extract writes a number so
      [9, null, 'bad_type', 'amount_gbp "1_000" is not an amount in pounds (e.g. 123.45)'],
      // a reviewer's £1e15 line was accepted as non-attributable cost
      [10, null, 'absurd_value', 'amount_gbp "1000000000000000" is above the plausible maximum'],
    ]);
    // A quarantined line keeps the money, provider and month it could read, so the reconciliation counts it in
    // (the £5,000 of an unreadable attribution; the £1,370.81 of a month 13); an amount it could not read is empty.
    expect(await db.all(`select source_row::int as row, cost_gbp::double as gbp, month, provider_code as provider from quarantine_checked where feed = 'cost_ledger' order by source_row`)).toEqual([
      { row: 2, gbp: 5000, month: '2024-03', provider: 'RRF' },
      { row: 3, gbp: null, month: '2024-03', provider: 'RRF' },
      { row: 4, gbp: null, month: null, provider: null },
      { row: 6, gbp: null, month: '2024-03', provider: 'RRF' },
      { row: 7, gbp: null, month: '2024-03', provider: 'RRF' },
      { row: 8, gbp: 1370.81, month: null, provider: 'RRF' },
      { row: 9, gbp: null, month: '2024-03', provider: 'RRF' },
      // set aside, not published as cost, yet counted where it is: the file's total still ties to the reconciliation
      { row: 10, gbp: 1e15, month: '2024-03', provider: 'RRF' },
    ]);
    expect((await quarantined(db, 'cost_ledger'))[3].detail).toBe('amount_gbp "1e17" is beyond the largest amount pathcost holds (£9,999,999,999,999,999.99): check the units or the value');
    // No id column, so two identical lines are two ledger lines (not duplicates); the ledger is not activity.
    expect(await db.all(`select patient_attributable, amount_gbp::double as amount from checked_cost_ledger where reason is null`)).toEqual([
      { patient_attributable: false, amount: 125000 },
      { patient_attributable: false, amount: 125000 },
    ]);
    expect(await count(db, 'activity_normalised')).toBe(0);
  });

  it('without a patients feed, patients are not checked (nothing becomes unknown_patient)', async () => {
    const { db, feed } = await ingest({ 'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { patient: 'P404' })) });
    expect(feed('patients').present).toBe(false);
    expect(await reasons(db, 'apc_spells')).toEqual([]);
    expect(await count(db, 'activity_normalised')).toBe(1);
  });
});

describe('normalised values', () => {
  it('GP minutes: actual if recorded (longer or shorter than planned), else planned; priced with missing or zero → 10 and a cap of 60, each said', async () => {
    const header = 'appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,status';
    const ingested = await ingest({
      'patients.csv': PATIENTS,
      'gp_appointments.csv': csv(
        header,
        'G1,P1,A81001,2024-03-01,gp,15,8,attended', // actual shorter → 8
        'G2,P1,A81001,2024-03-01,gp,10,14,attended', // actual longer → actual 14 (the time the clinician gave)
        'G3,P1,A81001,2024-03-01,nurse,,12,attended', // no plan → actual 12
        'G4,P1,A81001,2024-03-01,gp,90,,attended', // planned 90 → cap 60
        'G5,P1,A81001,2024-03-01,gp,,,dna', // nothing recorded → 10
        'G6,P1,A81001,2024-03-01,gp,0,0,attended', // zeros → 10
        'G7,P1,A81001,2024-03-01,gp,15,0,attended', // actual 0 is not a recording → planned 15
        'G8,P1,A81001,2024-03-01,gp,120,75,attended', // actual 75 → cap 60
      ),
    });
    const { db } = ingested;
    const rows = await normalised<{ source_id: string; minutes: number; staff_role: string; status: string }>(db, 'gp_appointments', 'source_id, minutes, staff_role, status');
    // normalised as recorded; priced (units) with the default and the cap, which the adjustment names
    expect(rows.map((r) => [r.source_id, r.minutes])).toEqual([['G1', 8], ['G2', 14], ['G3', 12], ['G4', 90], ['G5', null], ['G6', 0], ['G7', 15], ['G8', 75]]);
    expect(rows[2]).toMatchObject({ staff_role: 'NURSE', status: 'attended' });
    await price(ingested);
    const priced = await db.all<{ source_id: string; units: number; adjustment: string | null }>(`select source_id, units, adjustment from activity where feed = 'gp_appointments' order by source_id`);
    expect(priced.map((r) => [r.source_id, r.units, r.adjustment?.match(/no minutes recorded: 10 assumed|minutes capped at 60/)?.[0] ?? null])).toEqual([
      ['G1', 8, null],
      ['G2', 14, null],
      ['G3', 12, null],
      ['G4', 60, 'minutes capped at 60'], // the note was never written: the minutes reached pricing already capped
      ['G5', 0, null], // did not attend: no time
      ['G6', 10, 'no minutes recorded: 10 assumed'],
      ['G7', 15, null],
      ['G8', 60, 'minutes capped at 60'],
    ]);
    expect(await normalised(db, 'gp_appointments', `distinct setting, activity_type, provider_code`)).toEqual([{ setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001' }]);
  });

  it('outpatients: first attendance 1 → op_first, 2 → op_follow_up, the consultation medium kept; other values are bad_value', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'op_attendances.csv': csv(
        'attendance_id,patient_id,provider_code,appointment_date,tfc,first_attendance,status,mode,hrg,procedures,cost_gbp',
        'O1,P1,RRF,2024-02-01,110,1,attended,face_to_face,WF01B,,160',
        'O2,P1,RRF,2024-02-20,110,2,dna,telephone,WF01A,x99.9;W90.1,',
        'O3,P1,RRF,2024-02-21,110,3,attended,,WF01A,,',
        'O4,P2,RRF,2024-02-22,1100,2,attended,,WF01A,,',
        'O5,P2,RRF,2024-02-23,110,2,attended,carrier pigeon,WF01A,,',
      ),
    });
    expect((await quarantined(db, 'op_attendances')).map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [3, 'bad_value', 'first_attendance "3" is not one of 1, 2 (recode it in the mapping file)'],
      [4, 'bad_code', 'tfc "1100" is not a valid Treatment function code'],
      [5, 'bad_value', 'mode "carrier pigeon" is not one of face_to_face, telephone, video, written, other (recode it in the mapping file)'],
    ]);
    expect(await normalised(db, 'op_attendances', 'source_id, activity_type, first_attendance, status, mode, tfc, primary_procedure, procedures')).toEqual([
      { source_id: 'O1', activity_type: 'op_first', first_attendance: '1', status: 'attended', mode: 'face_to_face', tfc: '110', primary_procedure: null, procedures: null },
      { source_id: 'O2', activity_type: 'op_follow_up', first_attendance: '2', status: 'dna', mode: 'telephone', tfc: '110', primary_procedure: 'X999', procedures: ['X999', 'W901'] },
    ]);
  });

  it('social care: an ongoing package ends at the cut-off; an ended one keeps its end date; end before start is quarantined', async () => {
    const { db, cutoff } = await ingest({
      'patients.csv': PATIENTS,
      'social_care_services.csv': csv(
        'service_id,patient_id,la_code,service_type,start_date,end_date,unit_cost_gbp,cost_frequency,planned_units_per_week',
        'C1,P1,E08000012,reablement,2024-04-01,2024-04-28,24.50,hour,10',
        'C2,P1,E08000012,home_care,2024-05-06,,22.00,hour,7.5',
        'C3,P2,E08000012,residential,2024-03-01,2024-02-01,900,week,1',
        'C4,P2,E08000012,respite,2024-03-01,,900,week,1',
      ),
    });
    expect(cutoff).toBe('2024-05-31');
    expect(await reasons(db, 'social_care_services')).toEqual(['3 end_before_start', '4 bad_value']);
    expect(await normalised(db, 'social_care_services', 'source_id, setting, service_type, start_date, end_date, unit_cost_gbp::double as unit_cost, cost_frequency, planned_units_per_week')).toEqual([
      { source_id: 'C1', setting: 'social_care', service_type: 'REABLEMENT', start_date: '2024-04-01', end_date: '2024-04-28', unit_cost: 24.5, cost_frequency: 'hour', planned_units_per_week: 10 },
      { source_id: 'C2', setting: 'social_care', service_type: 'HOME_CARE', start_date: '2024-05-06', end_date: '2024-05-31', unit_cost: 22, cost_frequency: 'hour', planned_units_per_week: 7.5 },
    ]);
  });

  it('community and mental health contacts keep their minutes and upper-case service and staff', async () => {
    const contact = (id: string, service: string) => `${id},P1,RY8,2024-03-01,${service},Band 6 physio,45,face_to_face,attended,`;
    const header = 'contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,mode,status,cost_gbp';
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'community_contacts.csv': csv(header, contact('C1', 'msk_triage')), 'mental_health_contacts.csv': csv(header, contact('M1', 'talking_therapies'), contact('M2', '')) });
    expect(await db.all(`select feed, source_id, setting, activity_type, provider_code, start_date, end_date, service_type, staff_role, minutes, status from activity_normalised order by feed`)).toEqual([
      { feed: 'community_contacts', source_id: 'C1', setting: 'community', activity_type: 'community_contact', provider_code: 'RY8', start_date: '2024-03-01', end_date: '2024-03-01', service_type: 'MSK_TRIAGE', staff_role: 'BAND 6 PHYSIO', minutes: 45, status: 'attended' },
      { feed: 'mental_health_contacts', source_id: 'M1', setting: 'mental_health', activity_type: 'mental_health_contact', provider_code: 'RY8', start_date: '2024-03-01', end_date: '2024-03-01', service_type: 'TALKING_THERAPIES', staff_role: 'BAND 6 PHYSIO', minutes: 45, status: 'attended' },
    ]);
    expect(await reasons(db, 'mental_health_contacts')).toEqual(['2 missing_required']);
  });

  it('the cut-off is the latest month holding a tenth of a feed’s median month: one mistyped date moves it nowhere', async () => {
    // GP appointments: 20 a month from January to May 2024, 2 in June (a partial month: a tenth of the median
    // month of 20 counts), and one dated 2024-11-15 (a year typed for 2024-06-15: 1 of 20 does not count). A care
    // package still open is costed to the cut-off, so with the mistyped row it ran five months longer.
    const header = 'appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,status';
    const rows = ['01', '02', '03', '04', '05'].flatMap((m) => Array.from({ length: 20 }, (_, i) => `G${m}-${i},P1,A81001,2024-${m}-${String(i + 1).padStart(2, '0')},gp,10,10,attended`));
    rows.push('G06-1,P1,A81001,2024-06-03,gp,10,10,attended', 'G06-2,P1,A81001,2024-06-04,gp,10,10,attended', 'TYPO,P1,A81001,2024-11-15,gp,10,10,attended');
    const { db, cutoff } = await ingest({
      'patients.csv': PATIENTS,
      'gp_appointments.csv': csv(header, ...rows),
      'social_care_services.csv': csv('service_id,patient_id,la_code,service_type,start_date,end_date,unit_cost_gbp,cost_frequency,planned_units_per_week', 'C1,P1,E08000012,home_care,2024-05-06,,22.00,hour,7.5'),
    }, { asOf: '2024-12-31' });
    expect(cutoff).toBe('2024-06-30');
    expect(await normalised(db, 'social_care_services', 'source_id, end_date')).toEqual([{ source_id: 'C1', end_date: '2024-06-30' }]);
    // the row itself is kept and costed as any other: only the costing of what is still open stops at the cut-off
    expect(await db.all(`select source_id, start_date from activity_normalised where source_id = 'TYPO'`)).toEqual([{ source_id: 'TYPO', start_date: '2024-11-15' }]);
  });

  it('a cost-ledger period that is not YYYY-MM is quarantined, so its money cannot stand in a month of its own', async () => {
    const { db } = await ingest({
      'patients.csv': PATIENTS,
      'cost_ledger.csv': csv('provider_code,period,line_type,patient_attributable,amount_gbp', 'RC1,2024-03,patient_level_costs,true,100.00', 'RC1,2024-3,patient_level_costs,true,45.00', 'RC1,2024-13,block_contract,false,20.00'),
    });
    expect((await quarantined(db, 'cost_ledger')).map((r) => [r.source_row, r.reason, r.detail])).toEqual([
      [2, 'bad_code', 'period "2024-3" is not a valid month (YYYY-MM) code'],
      [3, 'bad_code', 'period "2024-13" is not a valid month (YYYY-MM) code'],
    ]);
  });

  it('the cut-off never passes the run date', async () => {
    const { cutoff } = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': csv(APC_HEADER, apcRow('S1', { admitted: '2024-06-10', discharged: '' })) }, { asOf: '2024-06-20' });
    expect(cutoff).toBe('2024-06-20');
  });
});
