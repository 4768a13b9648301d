// Mapping files and the shipped presets: a national extract under its own column names and codes loads to
// the same normalised rows (and the same quarantine) as the canonical feed.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping, mergeMappings } from '../../engine/mapping.ts';
import { PATIENTS, csv, feedFolder, ingest, ingestFolder, quarantined, writeParquet } from '../helpers/feed-fixture.ts';
import type { Db } from '../../engine/db.ts';

/**
 * Everything stages 1–3 produced for the activity feeds, file names aside (they differ by design). The CSV
 * reader's own message on a rejected line names the extract's column as written, so it is left out here.
 */
async function outcome(db: Db) {
  const activity = await db.all(`select * exclude (source_row), source_row::int as source_row from activity_normalised order by feed, source_row`);
  const quarantine = await db.all<Record<string, string>>(
    `select feed, source_row::int as source_row, source_id, patient_id, reason,
       case when reason in ('malformed_line', 'bad_encoding') then null else detail end as detail
     from quarantine_checked where feed <> 'patients' order by feed, source_row`,
  );
  return { activity, quarantine };
}

describe('the sus-ncdr preset (SUS+ APCS and OPA as in NCDR/UDAL)', () => {
  // Columns in SUS order, with SUS columns pathcost does not use.
  const apcs = csv(
    'Der_Financial_Year,APCS_Ident,Der_Pseudo_NHS_Number,Der_Provider_Code,Der_Provider_Site_Code,Admission_Method,Admission_Date,Discharge_Date,Discharge_Destination,Der_Admit_Treatment_Function_Code,Spell_Core_HRG_SUS,Der_Diagnosis_All,Der_Procedure_All,Grand_Total_Payment_MFF,Tariff_Total_Payment',
    '2023/24,900001,P1,RRF,RRF02,11,2024-03-01,2024-03-04,19,110,HN22C,M17.1;I10X,W40.1;Z84.6,6500.00,6120.00',
    '2023/24,900002,P2,RRF,RRF02,21,2024-03-10,,19,110,HN22C,M17.1,W40.1,,',
    '2023/24,900003,P1,RRF,RRF02,11',
    '2023/24,900004,P1,RRF,RRF02,11,2024-03-01,2024-03-04,19,110,HN22C,M17.1,W4,,',
  );
  const opa = csv(
    'OPA_Ident,Der_Pseudo_NHS_Number,Der_Provider_Code,Appointment_Date,Treatment_Function_Code,First_Attendance,Attendance_Status,Consultation_Medium_Used,HRG_Code,Der_Procedure_All,Grand_Total_Payment_MFF,Tariff_Total_Payment,Der_Activity_Month',
    '700001,P1,RRF,2024-01-10,110,1,5,01,WF01B,,170,160,202401',
    '700002,P1,RRF,2024-02-10,110,2,3,02,WF01A,,,,202402',
    '700003,P2,RRF,2024-02-11,110,3,2,11,WF01A,,,,202402',
    '700004,P2,RRF,2024-02-12,110,4,6,05,WF01A,,,,202402',
    '700005,P2,RRF,2024-02-13,110,2,9,1,WF01A,,,,202402',
  );
  // The same rows under canonical names and codes (and in canonical column order).
  const apcSpells = csv(
    'spell_id,patient_id,provider_code,site_code,admission_date,admission_method,discharge_date,discharge_destination,tfc,hrg,diagnoses,procedures,cost_gbp,tariff_gbp',
    // Grand_Total_Payment_MFF is a payment (tariff with the MFF), not a PLICS cost: it lands in tariff_gbp
    '900001,P1,RRF,RRF02,2024-03-01,11,2024-03-04,19,110,HN22C,M17.1;I10X,W40.1;Z84.6,,6500.00',
    '900002,P2,RRF,RRF02,2024-03-10,21,,19,110,HN22C,M17.1,W40.1,,',
    '900003,P1,RRF,RRF02',
    '900004,P1,RRF,RRF02,2024-03-01,11,2024-03-04,19,110,HN22C,M17.1,W4,,',
  );
  const opAttendances = csv(
    'attendance_id,patient_id,provider_code,appointment_date,tfc,first_attendance,status,mode,hrg,procedures,cost_gbp,tariff_gbp',
    '700001,P1,RRF,2024-01-10,110,1,attended,face_to_face,WF01B,,,170',
    '700002,P1,RRF,2024-02-10,110,2,dna,telephone,WF01A,,,',
    '700003,P2,RRF,2024-02-11,110,1,cancelled,video,WF01A,,,',
    '700004,P2,RRF,2024-02-12,110,2,attended,written,WF01A,,,',
    '700005,P2,RRF,2024-02-13,110,2,9,face_to_face,WF01A,,,',
  );

  it('loads the SUS-named extract to the same normalised rows and quarantine as the canonical one', async () => {
    const sus = await ingest({ 'patients.csv': PATIENTS, 'apcs.csv': apcs, 'opa.csv': opa }, { mapping: await loadMapping('sus-ncdr') });
    const canonical = await ingest({ 'patients.csv': PATIENTS, 'apc_spells.csv': apcSpells, 'op_attendances.csv': opAttendances });
    const expected = await outcome(canonical.db);
    expect(await outcome(sus.db)).toEqual(expected);
    // …and what that is, by hand: Attendance_Status 5/3/2/6 → attended/dna/cancelled/attended, First_Attendance 3 → 1, 4 → 2,
    // Consultation_Medium_Used 01/02/11/05 → face_to_face/telephone/video/written; the payment is a tariff, no PLICS cost.
    expect(expected.activity.map((a) => [a.feed, a.source_row, a.source_id, a.activity_type, a.status ?? null, a.mode ?? null, a.end_date])).toEqual([
      ['apc_spells', 1, '900001', 'apc_elective', null, null, '2024-03-04'],
      ['apc_spells', 2, '900002', 'apc_emergency', null, null, '2024-03-31'],
      ['op_attendances', 1, '700001', 'op_first', 'attended', 'face_to_face', '2024-01-10'],
      ['op_attendances', 2, '700002', 'op_follow_up', 'dna', 'telephone', '2024-02-10'],
      ['op_attendances', 3, '700003', 'op_first', 'cancelled', 'video', '2024-02-11'],
      ['op_attendances', 4, '700004', 'op_follow_up', 'attended', 'written', '2024-02-12'],
    ]);
    expect(expected.activity.filter((a) => a.source_row === 1).map((a) => [a.feed, a.supplied_cost_gbp, a.tariff_gbp])).toEqual([
      ['apc_spells', null, '6500.00'],
      ['op_attendances', null, '170.00'],
    ]);
    // The ragged line's id comes from the APCS_Ident field, wherever the extract puts it.
    expect(expected.quarantine.map((q) => [q.feed, q.source_row, q.source_id, q.patient_id, q.reason])).toEqual([
      ['apc_spells', 3, '900003', 'P1', 'malformed_line'],
      ['apc_spells', 4, '900004', 'P1', 'bad_code'],
      ['op_attendances', 5, '700005', 'P2', 'bad_value'],
    ]);
    expect(expected.quarantine[2].detail).toBe('status "9" is not one of attended, dna, cancelled (recode it in the mapping file)');
    expect((await quarantined(sus.db, 'apc_spells'))[0].detail).toMatch(/^line 4: MISSING COLUMNS \(Admission_Date\) — Expected Number of Columns: 15 /);
    expect(sus.feed('apc_spells').extraColumns).toEqual(['Der_Financial_Year', 'Tariff_Total_Payment']);
    expect(sus.feed('op_attendances').extraColumns).toEqual(['Tariff_Total_Payment', 'Der_Activity_Month']);
    expect((await quarantined(sus.db, 'apc_spells')).map((q) => q.file)).toEqual(['apcs.csv', 'apcs.csv']);
  });

  it('loads the same extract as Parquet of text columns to the same rows: recoded and typed as it is read again', async () => {
    const fromCsv = await ingest({ 'patients.csv': PATIENTS, 'opa.csv': opa }, { mapping: await loadMapping('sus-ncdr') });
    const dir = await feedFolder({ 'patients.csv': PATIENTS, 'opa-source.csv': opa });
    // one patient id with spaces around it: trimmed by the pass, so that row is stored apart, not read again as it is
    await writeParquet(join(dir, 'opa.parquet'), `select * replace (case when OPA_Ident = '700002' then ' ' || Der_Pseudo_NHS_Number || ' ' else Der_Pseudo_NHS_Number end as Der_Pseudo_NHS_Number)
      from read_csv('${join(dir, 'opa-source.csv')}', all_varchar = true)`);
    await rm(join(dir, 'opa-source.csv'));
    const fromParquet = await ingestFolder(dir, { mapping: await loadMapping('sus-ncdr') });
    // recoded values are clean once recoded: the only failing row is the one with an unknown status
    expect(await fromParquet.db.all(`select attendance_id, reason from checked_op_attendances where reason is not null`)).toEqual([{ attendance_id: '700005', reason: 'bad_value' }]);
    const strip = (o: Awaited<ReturnType<typeof outcome>>) => ({ ...o, activity: o.activity.map(({ source_file: _f, ...rest }) => rest) });
    expect(strip(await outcome(fromParquet.db))).toEqual(strip(await outcome(fromCsv.db)));
    expect((await outcome(fromCsv.db)).activity).toHaveLength(4);
  });

  it('names the SUS column when a mapped required column is missing', async () => {
    const withoutMethod = apcs.replace('Admission_Method,', 'Admission_Meth,');
    const err = await ingest({ 'patients.csv': PATIENTS, 'apcs.csv': withoutMethod }, { mapping: await loadMapping('sus-ncdr') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MISSING_COLUMN', where: { feed: 'apc_spells', column: 'Admission_Method', row: 1 } });
    expect((err as Error).message).toMatch(/^Feed apc_spells has no column "Admission_Method" \(mapped to admission_method\); the header has: Der_Financial_Year, APCS_Ident, /);
  });
});

describe('the asc-cld preset (Adult Social Care Client Level Data)', () => {
  it('loads CLD names with spaces and CLD wording to the same rows as the canonical feed', async () => {
    const cld = csv(
      'Event Reference,Pseudo NHS Number,LA Code,Event Type,Service Type,Event Start Date,Event End Date,Unit Cost,Cost Frequency (Unit Type),Planned units per week,Primary Support Reason',
      'EV1,P1,E08000012,Service,Short Term: Reablement,2024-04-01,2024-04-28,24.50,Hourly,10,Physical Support: Personal Care Support',
      'EV2,P1,E08000012,Service,Community: Home Support,2024-05-06,,22.00,Hourly,7.5,"Physical Support: Access, Mobility"',
      'EV3,P2,E08000012,Service,Long Term: Residential,2024-03-01,,900.00,Weekly,1,Mental Health Support',
      'EV4,P2,E08000012,Service,Long Term: Supported Living,2024-03-01,,900.00,Weekly,1,Mental Health Support',
      'EV5,P2,E08000012,Service,Long Term: Nursing,2024-04-01,,4200.00,Monthly,,Physical Support: Personal Care Support',
    );
    const canonical = csv(
      'service_id,patient_id,la_code,service_type,start_date,end_date,unit_cost_gbp,cost_frequency,planned_units_per_week,primary_support_reason',
      'EV1,P1,E08000012,reablement,2024-04-01,2024-04-28,24.50,hour,10,Physical Support: Personal Care Support',
      'EV2,P1,E08000012,home_care,2024-05-06,,22.00,hour,7.5,"Physical Support: Access, Mobility"',
      'EV3,P2,E08000012,residential,2024-03-01,,900.00,week,1,Mental Health Support',
      'EV4,P2,E08000012,Long Term: Supported Living,2024-03-01,,900.00,week,1,Mental Health Support',
      'EV5,P2,E08000012,nursing,2024-04-01,,4200.00,month,,Physical Support: Personal Care Support',
    );
    // Presets combine: later mappings win per feed.
    const mapping = mergeMappings([await loadMapping('sus-ncdr'), await loadMapping('asc-cld')]);
    const fromCld = await ingest({ 'patients.csv': PATIENTS, 'asc_cld.csv': cld }, { mapping });
    const fromCanonical = await ingest({ 'patients.csv': PATIENTS, 'social_care_services.csv': canonical });
    const expected = await outcome(fromCanonical.db);
    expect(await outcome(fromCld.db)).toEqual(expected);
    expect(expected.activity.map((a) => [a.source_id, a.service_type, a.cost_frequency, a.end_date])).toEqual([
      ['EV1', 'REABLEMENT', 'hour', '2024-04-28'],
      ['EV2', 'HOME_CARE', 'hour', '2024-05-31'],
      ['EV3', 'RESIDENTIAL', 'week', '2024-05-31'],
      ['EV5', 'NURSING', 'month', '2024-05-31'], // a cost per month (it was quarantined: no such frequency)
    ]);
    // A CLD service type the preset does not map stays as written, and is quarantined naming it.
    expect(expected.quarantine.map((q) => [q.source_row, q.reason, q.detail])).toEqual([
      [4, 'bad_value', 'service_type "Long Term: Supported Living" is not one of home_care, reablement, residential, nursing, day_care, equipment, direct_payment (recode it in the mapping file)'],
    ]);
    expect(fromCld.feed('social_care_services').extraColumns).toEqual(['Event Type']);
  });
});

describe('a mapping file on top of a preset', () => {
  it('adds to the preset’s feed, field by field and recode by recode, rather than replacing it', async () => {
    // Before, a later file replaced the preset's whole entry for the feed: its file name and columns went with it,
    // so the feed was not read at all, and the build said only "not read … (looks like …)".
    const cld = csv(
      'Event Reference,Pseudo NHS Number,LA Code,Event Type,Service Type,Event Start Date,Event End Date,Unit Cost,Cost Frequency (Unit Type),Planned units per week,Primary Support Reason',
      'EV1,P1,E08000012,Service,Short Term: Reablement,01/04/2024,28/04/2024,24.50,Hourly,10,Physical Support: Personal Care Support',
      'EV4,P2,E08000012,Service,Long Term: Supported Living,01/03/2024,31/03/2024,900.00,Weekly,1,Mental Health Support',
    );
    const overrides = { feeds: { social_care_services: { date_format: '%d/%m/%Y', columns: {}, values: { service_type: { 'Long Term: Supported Living': 'residential' } } } } };
    const mapping = mergeMappings([await loadMapping('asc-cld'), overrides]);
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'asc_cld.csv': cld }, { mapping });
    expect(await db.all(`select source_id, service_type, cost_frequency, start_date::varchar as start_date from activity_normalised order by source_id`)).toEqual([
      { source_id: 'EV1', service_type: 'REABLEMENT', cost_frequency: 'hour', start_date: '2024-04-01' }, // the preset's recodes kept
      { source_id: 'EV4', service_type: 'RESIDENTIAL', cost_frequency: 'week', start_date: '2024-03-01' }, // the file's added
    ]);
  });
});

describe('mapping options', () => {
  it('a mapping file with only a delimiter, and a date format', async () => {
    const dir = await feedFolder({});
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ feeds: { patients: { delimiter: '|', date_format: '%d/%m/%Y' } } }));
    const mapping = await loadMapping(join(dir, 'mapping.json'));
    const { db } = await ingest({ 'patients.csv': csv('patient_id|birth_date|sex|practice_code', 'P1|01/02/1950|1|A81001', 'P2|1960-01-01|2|A81001', 'P3|31/02/1960|2|A81001') }, { mapping });
    expect(await db.all(`select patient_id, birth_date, reason from checked_patients order by patient_id`)).toEqual([
      { patient_id: 'P1', birth_date: '1950-02-01', reason: null },
      { patient_id: 'P2', birth_date: null, reason: 'bad_type' },
      { patient_id: 'P3', birth_date: null, reason: 'bad_type' },
    ]);
  });

  it('a date format on a Parquet file of text dates: the same values and reasons as the CSV', async () => {
    const rows = ['patient_id|birth_date|sex|practice_code', 'P1|01/02/1950|1|A81001', 'P2|1960-01-01|2|A81001', 'P3|31/02/1960|2|A81001', 'P4|03/04/1970 |1|A81001'];
    const dir = await feedFolder({ 'source.csv': csv(...rows) });
    await writeParquet(join(dir, 'patients.parquet'), `select * from read_csv('${join(dir, 'source.csv')}', delim = '|', all_varchar = true)`);
    await rm(join(dir, 'source.csv'));
    const { db } = await ingestFolder(dir, { mapping: { feeds: { patients: { date_format: '%d/%m/%Y', values: {}, columns: {} } } } as never });
    expect(await db.all(`select patient_id, birth_date, reason from checked_patients order by patient_id`)).toEqual([
      { patient_id: 'P1', birth_date: '1950-02-01', reason: null },
      { patient_id: 'P2', birth_date: null, reason: 'bad_type' },
      { patient_id: 'P3', birth_date: null, reason: 'bad_type' },
      // a space after the date: strptime ignores it, so this row too is read again as it is
      { patient_id: 'P4', birth_date: '1970-04-03', reason: null },
    ]);
  });

  it('a mapping file that is not valid', async () => {
    const dir = await feedFolder({ 'bad.json': JSON.stringify({ feeds: { patients: { delimiter: ';;' } } }), 'broken.json': '{ "feeds": ' });
    await expect(loadMapping(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'BAD_MAPPING' });
    await expect(loadMapping(join(dir, 'broken.json'))).rejects.toMatchObject({ code: 'BAD_MAPPING', where: { file: join(dir, 'broken.json') } });
  });
});
