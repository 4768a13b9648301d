// `pathcost validate --input DIR --report FILE`: stages 1–2 only, a count per feed and reason, and every
// quarantined row written to a CSV file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../cli/validate-input.ts';
import { AS_OF, PATIENTS, csv, feedFolder } from '../helpers/feed-fixture.ts';

describe('validateInput', () => {
  it('counts rows, quarantine and cleared values per feed and reason, and writes the quarantine report', async () => {
    const dir = await feedFolder({
      // P2's decile 12 is cleared, P2 kept; P3's sex 7 sets P3 aside.
      'patients.csv': PATIENTS.replace('P2,1962-06-01,2,7,', 'P2,1962-06-01,2,12,'),
      'apc_spells.csv': csv(
        'spell_id,patient_id,provider_code,admission_date,admission_method,diagnoses',
        'S1,P1,RRF,2024-03-01,11,M17.1',
        'S2,P1,RRF,2024-03-01,11,M17.1;X',
        'S3,P1,RRF',
        'S4,P3,RRF,2024-03-01,11,M17.1',
        'S5,P1,RRF,2024-03-01,11,Q99.9;1',
        'S6,P2,RRF,2024-03-01,11,M17.1',
      ),
    });
    const reportFile = join(dir, 'quarantine-report.csv');
    const { feeds } = await validateInput({ input: dir, asOf: AS_OF, reportFile });
    expect(feeds.map((f) => f.feed)).toEqual(['patients', 'gp_appointments', 'apc_spells', 'op_attendances', 'ae_attendances', 'community_contacts', 'mental_health_contacts', 'social_care_services', 'prescriptions', 'cost_ledger', 'provider_mff', 'proms']);
    expect(feeds.find((f) => f.feed === 'gp_appointments')).toEqual({ feed: 'gp_appointments', present: false, required: false, rows: 0, quarantined: 0, reasons: [], cleared: [], extraColumns: [], absentColumns: [] });
    expect(feeds.find((f) => f.feed === 'patients')).toMatchObject({
      present: true,
      rows: 3,
      quarantined: 1,
      cleared: [{ reason: 'absurd_value', n: 1, example_row: 2, example: 'imd_decile "12" is above the plausible maximum 10: check the units or the value: cleared, the row kept' }],
    });
    const apc = feeds.find((f) => f.feed === 'apc_spells')!;
    // 6 data lines: 2 clean, 2 bad codes, 1 ragged line, 1 patient whose row was quarantined.
    expect(apc).toMatchObject({ present: true, rows: 6, quarantined: 4 });
    expect(apc.reasons).toEqual([
      { reason: 'bad_code', n: 2, example_row: 2, example: 'diagnoses "M17.1;X" holds a code that is not valid ICD-10' },
      { reason: 'malformed_line', n: 1, example_row: 3, example: expect.stringMatching(/^line 4: MISSING COLUMNS \(admission_date\)/) },
      { reason: 'unknown_patient', n: 1, example_row: 4, example: 'patient_id "P3" is not in the patients feed (or its patients row was quarantined)' },
    ]);
    const report = (await readFile(reportFile, 'utf8')).trim().split('\n');
    expect(report[0]).toBe('feed,file,source_row,source_id,patient_id,reason,detail,cost_gbp,month,provider_code');
    expect(report.slice(1).map((line) => line.split(',').slice(0, 6).join(','))).toEqual([
      'apc_spells,apc_spells.csv,2,S2,P1,bad_code',
      'apc_spells,apc_spells.csv,3,S3,P1,malformed_line',
      'apc_spells,apc_spells.csv,4,S4,P3,unknown_patient',
      'apc_spells,apc_spells.csv,5,S5,P1,bad_code',
      'patients,patients.csv,3,P3,,bad_value',
    ]);
  });

  it('fails on an unreadable file the way the build does', async () => {
    const dir = await feedFolder({ 'patients.csv': PATIENTS, 'apc_spells.csv': '' });
    await expect(validateInput({ input: dir, asOf: AS_OF })).rejects.toMatchObject({ code: 'BAD_FILE', where: { feed: 'apc_spells', row: 1 } });
  });
});
