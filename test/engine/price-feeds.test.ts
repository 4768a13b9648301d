// The hand-worked prices from feed rows, through load, validation, normalisation and pricing (stages
// 1–4), so stage 3's choice of minutes and the consultation medium are part of what is checked. Source figures
// are named by file and row; the expected pounds are worked out here, never read back from the engine.
import { describe, expect, it } from 'vitest';
import { PATIENTS, csv, ingest, price } from '../helpers/feed-fixture.ts';

const GP_MINUTE_2024_ED = 4.05; // unit_costs_hsc_gp.csv row 51: 2024 edition (2023/24 prices), per minute of patient contact, excl. direct-care staff
const WF01C_CL_2324 = 153.8448; // ncc_2023_24.csv row 191: Consultant Led, WF01C non-face-to-face follow-up
const RD01A_DI_2324 = 161.6492; // ncc_2023_24.csv row 2182: Diagnostic Imaging, RD01A MRI of one area, 19 and over

interface Priced {
  source_id: string;
  cost_gbp: string;
  cost_basis: string;
  price_ref: string;
  units: number;
}

describe('hand-worked prices from feed rows', () => {
  it('prices a GP appointment of 15 planned / 20 actual minutes, a telephone follow-up and an MRI attendance', async () => {
    const ingested = await ingest({
      'patients.csv': PATIENTS,
      'gp_appointments.csv': csv(
        'appointment_id,patient_id,practice_code,appointment_date,staff_role,planned_minutes,actual_minutes,mode,status',
        'G1,P1,A81001,2023-11-15,gp,15,20,face_to_face,attended',
      ),
      'op_attendances.csv': csv(
        'attendance_id,patient_id,provider_code,appointment_date,tfc,first_attendance,status,mode,hrg',
        'O1,P1,RRF,2023-10-02,110,2,attended,telephone,',
        'O2,P2,RRF,2023-11-01,812,1,attended,face_to_face,RD01A',
      ),
    });
    const { db } = ingested;
    await price(ingested);
    const rows = await db.all<Priced>(`select source_id, cost_gbp::varchar as cost_gbp, cost_basis, price_ref, units from activity order by source_id`);
    expect(rows).toEqual([
      // 20 recorded minutes (longer than the 15 planned) × £4.05 = £81.00, not 15 × £4.05 = £60.75
      { source_id: 'G1', cost_gbp: (20 * GP_MINUTE_2024_ED).toFixed(2), cost_basis: 'staff_time', price_ref: 'primary|gp', units: 20 },
      // telephone follow-up, no HRG: WF01C £153.8448 → £153.84, not the face-to-face WF01A £192.28
      { source_id: 'O1', cost_gbp: WF01C_CL_2324.toFixed(2), cost_basis: 'national_unit_cost', price_ref: 'Consultant Led|WF01C', units: 1 },
      // MRI of one area: RD01A £161.6492 → £161.65, not a consultant-led first attendance (WF01B £232.07)
      { source_id: 'O2', cost_gbp: RD01A_DI_2324.toFixed(2), cost_basis: 'national_unit_cost', price_ref: 'Diagnostic Imaging|RD01A', units: 1 },
    ]);
    expect(rows.map((r) => r.cost_gbp)).toEqual(['81.00', '153.84', '161.65']);
  });
});

describe('open-ended rows of a patient who died', () => {
  it('end at the death, not at the data cut-off: an ongoing care home package and a spell with no discharge', async () => {
    const ingested = await ingest(
      {
        'patients.csv': csv('patient_id,birth_date,sex,imd_decile,practice_code,date_of_death', 'P1,1940-01-01,1,3,A81001,2024-07-31', 'P2,1941-01-01,2,4,A81001,'),
        'social_care_services.csv': csv(
          'service_id,patient_id,la_code,service_type,start_date,end_date,unit_cost_gbp,cost_frequency,planned_units_per_week',
          'S1,P1,E09000001,residential,2024-06-01,,1050,week,1', // died 31 July
          'S2,P2,E09000001,residential,2025-03-01,,1050,week,1', // alive: to the cut-off
          'S3,P1,E09000001,residential,2024-05-01,2024-09-30,1050,week,1', // an end date supplied: as billed
        ),
        'apc_spells.csv': csv('spell_id,patient_id,provider_code,admission_date,admission_method,discharge_date,hrg,diagnoses,procedures', 'A1,P1,RRF,2024-07-20,21,,AA35C,I634,'),
      },
      { asOf: '2025-03-31', cutoff: '2025-03-31' },
    );
    await price(ingested);
    const rows = await ingested.db.all(`select source_id, end_date, cost_gbp::varchar as cost_gbp, units from activity order by source_id`);
    expect(rows).toEqual([
      // admitted 20 July, died 31 July: 11 bed days (to the cut-off it was 254)
      { source_id: 'A1', end_date: '2024-07-31', cost_gbp: expect.any(String), units: 11 },
      // 1 June to 31 July: 61 days × £1,050 / 7 = £9,150.00 (to the cut-off, 304 days: £45,600.00)
      { source_id: 'S1', end_date: '2024-07-31', cost_gbp: '9150.00', units: 61 / 7 },
      // 1 to 31 March 2025: 31 days × £150 = £4,650.00
      { source_id: 'S2', end_date: '2025-03-31', cost_gbp: '4650.00', units: 31 / 7 },
      // 1 May to 30 September: 153 days × £150 = £22,950.00, the supplied end kept
      { source_id: 'S3', end_date: '2024-09-30', cost_gbp: '22950.00', units: 153 / 7 },
    ]);
  });
});

describe('community contacts by telephone', () => {
  it('price at the service’s non-face-to-face currency where the schedule has one, else the service’s own', async () => {
    const N02AN_2425 = 43.0831772220835; // ncc_2024_25.csv row 79: District Nurse, Adult, Non face to face
    const N02AF_2425 = 59.6479625999129; // ncc_2024_25.csv row 78: District Nurse, Adult, Face to face
    const ingested = await ingest(
      {
        'patients.csv': PATIENTS,
        'community_contacts.csv': csv(
          'contact_id,patient_id,provider_code,contact_date,service_type,staff_role,minutes,mode,status',
          'C1,P1,RY1,2024-05-01,district_nursing,nurse,15,telephone,attended',
          'C2,P1,RY1,2024-05-01,district_nursing,nurse,15,face_to_face,attended',
          'C3,P1,RY1,2024-05-01,district_nursing,nurse,15,home_visit,attended',
          'C4,P1,RY1,2024-05-01,physiotherapy,physiotherapist,15,video,attended', // no remote physiotherapy currency
        ),
      },
      { asOf: '2024-06-30', cutoff: '2024-06-30' },
    );
    await price(ingested);
    const rows = await ingested.db.all<Priced>(`select source_id, cost_gbp::varchar as cost_gbp, cost_basis, price_ref from activity order by source_id`);
    expect(rows.map((r) => [r.source_id, r.cost_gbp, r.price_ref])).toEqual([
      // £43.08, not the face-to-face £59.65 (38% more)
      ['C1', N02AN_2425.toFixed(2), 'Community Health Service|N02AN'],
      ['C2', N02AF_2425.toFixed(2), 'Community Health Service|N02AF'],
      ['C3', N02AF_2425.toFixed(2), 'Community Health Service|N02AF'], // a home visit is face to face
      ['C4', expect.any(String), 'Community Health Service|A08A1'],
    ]);
  });
});
