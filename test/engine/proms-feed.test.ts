// The optional proms feed: validated and quarantined like every other feed, and the proms-nhsd preset loads
// the national record-level names to the same clean rows as the canonical file.
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../engine/mapping.ts';
import { PATIENTS, csv, ingest } from '../helpers/feed-fixture.ts';
import type { Db } from '../../engine/db.ts';

const HEADER = 'proms_id,patient_id,provider_code,procedure,preop_date,postop_date,oxford_pre,oxford_post,eq5d_pre,eq5d_post';

async function checked(db: Db) {
  return db.all<Record<string, unknown>>(
    `select proms_id, procedure::varchar as procedure, strftime(preop_date, '%Y-%m-%d') as preop_date, strftime(postop_date, '%Y-%m-%d') as postop_date,
       oxford_pre::integer as oxford_pre, oxford_post::integer as oxford_post, eq5d_pre, eq5d_post, reason
     from checked_proms order by proms_id`,
  );
}

describe('proms feed', () => {
  it('quarantines scores out of range, a post-op questionnaire before the pre-op one, an unknown procedure and an unknown patient', async () => {
    const proms = csv(
      HEADER,
      'Q1,P1,RA1,knee,2024-01-10,2024-05-01,19,37,0.35,0.78',
      'Q2,P1,RA1,knee,2024-01-10,,19,,0.35,', // no post-op questionnaire: clean
      'Q3,P2,RA1,hip,2024-01-10,2024-05-01,49,40,0.2,0.8', // Oxford 49 > 48
      'Q4,P2,RA1,hip,2024-01-10,2024-05-01,18,40,-0.7,0.8', // EQ-5D below −0.594
      'Q5,P2,RA1,hip,2024-05-10,2024-01-01,18,40,0.2,0.8', // post-op before pre-op
      'Q6,P2,RA1,HR-REV,2024-01-10,2024-05-01,18,40,0.2,0.8', // a revision, not in the feed's procedures
      'Q7,P9,RA1,hip,2024-01-10,2024-05-01,18,40,0.2,0.8', // no such patient
    );
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'proms.csv': proms });
    const rows = await checked(db);
    expect(rows.map((r) => [r.proms_id, r.reason])).toEqual([
      ['Q1', null], ['Q2', null], ['Q3', 'absurd_value'], ['Q4', 'absurd_value'], ['Q5', 'end_before_start'], ['Q6', 'bad_value'], ['Q7', 'unknown_patient'],
    ]);
    expect(rows[0]).toMatchObject({ oxford_pre: 19, oxford_post: 37, eq5d_pre: 0.35, eq5d_post: 0.78 });
    const quarantine = await db.all<{ source_id: string; detail: string }>(`select source_id, detail from quarantine_checked where feed = 'proms' order by source_id`);
    expect(quarantine.map((q) => q.source_id)).toEqual(['Q3', 'Q4', 'Q5', 'Q6', 'Q7']);
    expect(quarantine[0].detail).toBe('oxford_pre "49" is above the plausible maximum 48: check the units or the value');
  });

  it('is no activity: it adds no row to the normalised activity', async () => {
    const proms = csv(HEADER, 'Q1,P1,RA1,knee,2024-01-10,2024-05-01,19,37,0.35,0.78');
    const { db } = await ingest({ 'patients.csv': PATIENTS, 'proms.csv': proms });
    expect(await db.one<{ n: number }>(`select count(*)::integer as n from activity_normalised`)).toEqual({ n: 0 });
  });

  it('the proms-nhsd preset loads the national names and codes to the same rows as the canonical file', async () => {
    const national = csv(
      'PROMS_SERIAL_NO,Der_Pseudo_NHS_Number,_P_PROCODE,PROMS_PROC_CODE,Q1_COMPLETED_DATE,Q2_COMPLETED_DATE,OXFORD_Q1_SCORE,OXFORD_Q2_SCORE,Q1_EQ5D_INDEX,Q2_EQ5D_INDEX',
      'Q1,P1,RA1,KR,2024-01-10,2024-05-01,19,37,0.35,0.78',
      'Q2,P2,RA1,HR,2024-01-10,,18,,0.2,',
      'Q3,P2,RA1,HR-REV,2024-01-10,2024-05-01,18,40,0.2,0.8',
    );
    const canonical = csv(HEADER, 'Q1,P1,RA1,knee,2024-01-10,2024-05-01,19,37,0.35,0.78', 'Q2,P2,RA1,hip,2024-01-10,,18,,0.2,', 'Q3,P2,RA1,HR-REV,2024-01-10,2024-05-01,18,40,0.2,0.8');
    const fromNational = await ingest({ 'patients.csv': PATIENTS, 'proms_record_level.csv': national }, { mapping: await loadMapping('proms-nhsd') });
    const fromCanonical = await ingest({ 'patients.csv': PATIENTS, 'proms.csv': canonical });
    const expected = await checked(fromCanonical.db);
    expect(await checked(fromNational.db)).toEqual(expected);
    expect(expected.map((r) => [r.proms_id, r.procedure, r.reason])).toEqual([['Q1', 'knee', null], ['Q2', 'hip', null], ['Q3', null, 'bad_value']]);
  });
});
