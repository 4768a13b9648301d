// The library's three new anchor kinds worked by hand: an emergency stroke admission and its year-long window,
// a day-case cataract, and type 2 diabetes as an annual cohort over two financial years; then one patient in
// two pathways (knee and diabetes), each pathway attributing the same activity and reconciling on its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { reconcile } from '../../engine/stages/07-aggregate/reconciliation.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { Activity } from '../../schemas/tables/activity.ts';
import { Quarantine } from '../../schemas/tables/index.ts';
import { ActivityTotals } from '../../engine/stages/04-price/coverage.ts';
import { CostLedger } from '../../schemas/feeds/cost-ledger.ts';
import { type ActivityRow, createFixtureTables, electiveSpell, insertActivity, insertPatients, pathwayInputs } from '../helpers/activity-fixture.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
});
afterEach(() => db.close());

const spell = (id: string, patient: string, type: 'apc_emergency' | 'apc_elective' | 'apc_other', from: string, to: string, cost: number, extra: Partial<ActivityRow>): ActivityRow => ({
  feed: 'apc_spells', source_id: id, patient_id: patient, setting: 'acute', activity_type: type, admission_method: type === 'apc_emergency' ? '21' : '11',
  start_date: from, end_date: to, cost_gbp: cost, cost_basis: 'national_unit_cost', unit: 'bed_days', units: 1, ...extra,
});
const community = (id: string, patient: string, date: string, cost: number, service: string): ActivityRow => ({
  feed: 'community_contacts', source_id: id, patient_id: patient, setting: 'community', activity_type: 'community_contact', provider_code: 'RY1',
  start_date: date, cost_gbp: cost, service_type: service, cost_basis: 'national_unit_cost', unit: 'contacts', units: 1,
});
const gp = (id: string, patient: string, date: string, cost: number, snomed: string[]): ActivityRow => ({
  feed: 'gp_appointments', source_id: id, patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001',
  start_date: date, cost_gbp: cost, diagnoses: snomed, staff_role: 'NURSE', cost_basis: 'staff_time', unit: 'gp_minutes', units: 20,
});
const outpatient = (id: string, patient: string, date: string, cost: number, tfc: string): ActivityRow => ({
  feed: 'op_attendances', source_id: id, patient_id: patient, setting: 'acute', activity_type: 'op_follow_up', start_date: date, cost_gbp: cost, tfc,
});

async function run(ids: string[], coverageEnd = '2025-12-31') {
  await computePathways(db, await loadPathways(undefined, ids), await pathwayInputs(db), { coverageEnd, suppressionThreshold: 7 });
}

async function stepCosts(episodeId: string): Promise<Record<string, number>> {
  const rows = await db.all<{ step: string; gbp: number }>(`select step, sum(cost_gbp)::double as gbp from episode_step_cost where episode_id = $id group by step order by step`, { id: episodeId });
  return Object.fromEntries(rows.map((r) => [r.step, r.gbp]));
}

async function reconciled(pathway: string): Promise<{ in: number; attributed: number; outside: number; diff: number }> {
  return db.one(`select sum(in_gbp)::double as in, sum(attributed_gbp)::double as attributed, sum(outside_gbp)::double as outside, sum(abs(difference_gbp))::double as diff
    from reconciliation where pathway_id = $p`, { p: pathway });
}

describe('emergency anchor: a stroke admission and its year', () => {
  // Admitted as an emergency 2024-05-10, discharged 2024-05-20. Look-back 0: the window starts on admission.
  // Discharge day is day 1 of 365 → day 365 = 2024-05-20 + 364 days = 2025-05-19, the window end.
  beforeEach(async () => {
    await insertPatients(db, [{ patient_id: 'S1', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('E1', 'S1', 'apc_emergency', '2024-05-10', '2024-05-20', 6136.79, { hrg: 'AA35C', diagnoses: ['I634', 'I10'] }),
      // I63 in a secondary position only, and an elective spell with I63 first: neither anchors
      spell('E0', 'S1', 'apc_emergency', '2024-01-03', '2024-01-05', 900, { hrg: 'DZ11S', diagnoses: ['J189', 'I639'] }),
      spell('V1', 'S1', 'apc_elective', '2024-02-01', '2024-02-01', 500, { hrg: 'AA35F', diagnoses: ['I639'] }),
      gp('G0', 'S1', '2024-05-09', 30, ['38341003']), // the day before admission: outside (no look-back)
      community('C1', 'S1', '2024-05-28', 79.06, 'PHYSIOTHERAPY'),
      community('C2', 'S1', '2025-05-19', 132.7, 'OCCUPATIONAL_THERAPY'), // day 365: in
      community('C3', 'S1', '2025-05-20', 79.06, 'PHYSIOTHERAPY'), // day 366: out
      // Reablement 2024-05-21..2024-06-17, 28 days, £1,120: every day inside
      { feed: 'social_care_services', source_id: 'R1', patient_id: 'S1', setting: 'social_care', activity_type: 'social_care_service', provider_code: 'E06000001',
        start_date: '2024-05-21', end_date: '2024-06-17', cost_gbp: 1120, service_type: 'REABLEMENT', cost_basis: 'la_unit_cost', unit: 'weeks', units: 4 },
      // Residential care from 2025-05-01 for 40 days (£4,000): 19 days (1–19 May) inside → £1,900
      { feed: 'social_care_services', source_id: 'R2', patient_id: 'S1', setting: 'social_care', activity_type: 'social_care_service', provider_code: 'E06000001',
        start_date: '2025-05-01', end_date: '2025-06-09', cost_gbp: 4000, service_type: 'RESIDENTIAL', cost_basis: 'la_unit_cost', unit: 'weeks', units: 6 },
      spell('E2', 'S1', 'apc_emergency', '2024-06-01', '2024-06-03', 2400, { hrg: 'DZ11S', diagnoses: ['J189'] }),
    ]);
    await run(['stroke']);
  });

  it('anchors on the emergency spell with a stroke as the primary diagnosis, with a 365-day window from discharge', async () => {
    const e = await db.all(`select episode_id, window_start::varchar ws, window_end::varchar we, los_days::int los, status from episode`);
    expect(e).toEqual([{ episode_id: 'stroke:E1', ws: '2024-05-10', we: '2025-05-19', los: 10, status: 'complete' }]);
  });

  it('puts the year after discharge in its steps', async () => {
    expect(await stepCosts('stroke:E1')).toEqual({
      acute_stroke_spell: 6136.79,
      community_rehab: 211.76, // £79.06 + £132.70 (day 365); day 366 is out
      reablement: 1120,
      care_home: 1900, // £4,000 × 19/40
      readmission: 2400,
    });
    // in = every priced pound of the patient: 6,136.79 + 900 + 500 + 30 + 79.06 + 132.70 + 79.06 + 1,120 + 4,000 + 2,400 = 15,377.61
    // attributed = 6,136.79 + 211.76 + 1,120 + 1,900 + 2,400 = 11,768.55; outside = 3,609.06
    expect(await reconciled('stroke')).toEqual({ in: 15377.61, attributed: 11768.55, outside: 3609.06, diff: 0 });
  });

  it('flags the emergency readmission 12 days after discharge as readmitted', async () => {
    expect(await db.all(`select episode_id, flags from episode`)).toEqual([{ episode_id: 'stroke:E1', flags: ['readmitted'] }]);
  });
});

describe('emergency anchor: a transfer in is not a readmission', () => {
  it('leaves a spell admitted by transfer from another provider (2B) on the discharge day unflagged', async () => {
    await insertPatients(db, [{ patient_id: 'S2', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('E1', 'S2', 'apc_emergency', '2024-05-10', '2024-05-20', 6136.79, { hrg: 'AA35C', diagnoses: ['I634'] }),
      // moved on to another hospital's stroke rehabilitation the day of discharge: the stay goes on
      spell('T1', 'S2', 'apc_emergency', '2024-05-20', '2024-06-10', 5000, { hrg: 'VC04Z', diagnoses: ['Z501'], admission_method: '2B' }),
    ]);
    await run(['stroke']);
    expect(await db.all(`select episode_id, flags from episode`)).toEqual([{ episode_id: 'stroke:E1', flags: [] }]);
  });
});

describe('day case: a cataract operation', () => {
  // Day case 2024-06-05. Look-back 365 → the window starts 2023-06-06; the day case is day 1 of 90 → 2024-09-02.
  beforeEach(async () => {
    await insertPatients(db, [{ patient_id: 'C1', birth_date: '1950-01-01' }]);
    await insertActivity(db, [
      spell('D1', 'C1', 'apc_elective', '2024-06-05', '2024-06-05', 1379.96, { hrg: 'BZ34C', diagnoses: ['H251'], procedures: ['C751', 'C712', 'Z942'] }),
      // the same HRG with a night in hospital is not a day case, nor is an emergency admission
      spell('D2', 'C1', 'apc_elective', '2024-11-04', '2024-11-05', 2314.7, { hrg: 'BZ34C', diagnoses: ['H251'], procedures: ['C751'] }),
      spell('D3', 'C1', 'apc_emergency', '2025-01-10', '2025-01-10', 1200, { hrg: 'BZ34B', diagnoses: ['H251'] }),
      outpatient('O1', 'C1', '2024-03-01', 120, '130'),
      outpatient('O2', 'C1', '2024-07-01', 95, '130'),
      outpatient('O3', 'C1', '2024-09-03', 95, '130'), // day 91: out
      gp('G1', 'C1', '2024-06-20', 30, ['38341003']),
    ]);
    await run(['cataract']);
  });

  it('anchors on the same-day elective spell only', async () => {
    const e = await db.all(`select episode_id, window_start::varchar ws, window_end::varchar we, los_days::int los from episode`);
    expect(e).toEqual([{ episode_id: 'cataract:D1', ws: '2023-06-06', we: '2024-09-02', los: 0 }]);
    expect(await stepCosts('cataract:D1')).toEqual({ cataract_day_case: 1379.96, ophthalmology_outpatients: 120, ophthalmology_follow_up: 95, gp_care: 30 });
  });

  it('flags both eyes in one session (BZ35) and leaves it out of the comparison', async () => {
    await insertPatients(db, [{ patient_id: 'C2', birth_date: '1950-01-01' }]);
    // BZ35B, L8 2023/24 day case £2,156.57: a bilateral operation, not a cheaper or dearer single eye
    await insertActivity(db, [spell('B1', 'C2', 'apc_elective', '2024-07-03', '2024-07-03', 2156.57, { hrg: 'BZ35B', diagnoses: ['H251'], procedures: ['C751', 'Z941'] })]);
    await db.run('drop table activity_totals');
    await run(['cataract']);
    expect(await db.all(`select episode_id, flags from episode order by 1`)).toEqual([
      { episode_id: 'cataract:B1', flags: ['bilateral_same_spell'] },
      { episode_id: 'cataract:D1', flags: [] },
    ]);
    // (comparison_exclusion publishes these counts hidden: 1 each)
    expect(await db.all(`select episode_id, reason from comparison_reason order by 1`)).toEqual([
      { episode_id: 'cataract:B1', reason: 'bilateral_same_spell' },
      { episode_id: 'cataract:D1', reason: null },
    ]);
  });
});

describe('split overlaps: a second anchor admitted before the first is discharged', () => {
  it('both eyes on one day: one episode holding both operations, its window never ending before its anchor', async () => {
    await insertPatients(db, [{ patient_id: 'C1', birth_date: '1950-01-01' }]);
    const eye = (id: string) => spell(id, 'C1', 'apc_elective', '2024-06-05', '2024-06-05', 1379.96, { hrg: 'BZ34C', diagnoses: ['H251'], procedures: ['C751', 'C712', 'Z942'] });
    await insertActivity(db, [eye('D1'), eye('D1B'), outpatient('O2', 'C1', '2024-07-01', 95, '130')]);
    await run(['cataract']);
    // before: D1's window ended 2024-06-04, the day before its own operation, which went to D1B's episode
    const e = await db.all(`select episode_id, window_start::varchar ws, window_end::varchar we, flags from episode`);
    // both eyes the same day cost two operations, as BZ35 does in one spell: flagged so, and left out of the comparison
    expect(e).toEqual([{ episode_id: 'cataract:D1', ws: '2023-06-06', we: '2024-09-02', flags: ['bilateral_same_spell'] }]);
    // the second eye's spell would anchor too: both are the day case (it had gone to admission_after_surgery)
    expect(await stepCosts('cataract:D1')).toEqual({ cataract_day_case: 2759.92, ophthalmology_follow_up: 95 });
    expect(await reconciled('cataract')).toEqual({ in: 2854.92, attributed: 2854.92, outside: 0, diff: 0 });
  });

  it('a transfer: the spell admitted during the stroke spell is part of its episode, whose window runs from the last discharge', async () => {
    await insertPatients(db, [{ patient_id: 'S1', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('E1', 'S1', 'apc_emergency', '2024-06-20', '2024-07-12', 7779.67, { hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('E2', 'S1', 'apc_emergency', '2024-07-01', '2024-07-10', 7000, { hrg: 'AA35C', diagnoses: ['I634'] }),
    ]);
    await run(['stroke']);
    // day 365 from the discharge of 2024-07-12 is 2025-07-11; before, E1's window ended 2024-06-30, mid-spell
    const e = await db.all(`select episode_id, window_start::varchar ws, window_end::varchar we, anchor_end::varchar ae from episode`);
    expect(e).toEqual([{ episode_id: 'stroke:E1', ws: '2024-06-20', we: '2025-07-11', ae: '2024-07-12' }]);
    expect(await reconciled('stroke')).toEqual({ in: 14779.67, attributed: 14779.67, outside: 0, diff: 0 });
  });
});

describe('a stay across hospitals: spells linked by transfer (HES continuous inpatient spell)', () => {
  it('a stroke transferred the next day (2B) is one episode, both spells its acute stroke care, unflagged', async () => {
    await insertPatients(db, [{ patient_id: 'S1', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('A', 'S1', 'apc_emergency', '2024-05-01', '2024-05-10', 5000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I610'] }),
      spell('B', 'S1', 'apc_emergency', '2024-05-11', '2024-05-30', 7000, { provider_code: 'RBB', hrg: 'AA35C', diagnoses: ['I610'], admission_method: '2B' }),
    ]);
    await run(['stroke']);
    // before: two episodes, A's window ending 2024-05-10, both flagged bilateral_staged and left out of the comparison.
    // Now the stay runs 1–30 May, so day 365 from the last discharge is 2025-05-29; the anchor stays the first hospital's.
    const e = await db.all(`select episode_id, anchor_provider_code p, anchor_start::varchar s, anchor_end::varchar ae, window_end::varchar we, los_days::int los, flags from episode`);
    expect(e).toEqual([{ episode_id: 'stroke:A', p: 'RAA', s: '2024-05-01', ae: '2024-05-30', we: '2025-05-29', los: 29, flags: [] }]);
    expect(await stepCosts('stroke:A')).toEqual({ acute_stroke_spell: 12000 });
  });

  it('a transfer to rehabilitation (81, same day, not coded as a stroke) is care during the stay, not a readmission or other acute care', async () => {
    await insertPatients(db, [{ patient_id: 'S2', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('A', 'S2', 'apc_emergency', '2024-05-01', '2024-05-10', 5000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('R', 'S2', 'apc_other', '2024-05-10', '2024-06-01', 8000, { provider_code: 'RBB', hrg: 'VC04Z', diagnoses: ['Z501', 'I634'], admission_method: '81' }),
      // discharged home, then readmitted three weeks later: a readmission, not the stay
      spell('X', 'S2', 'apc_emergency', '2024-06-20', '2024-06-22', 2400, { provider_code: 'RAA', hrg: 'DZ11S', diagnoses: ['J189'] }),
    ]);
    await run(['stroke']);
    expect(await stepCosts('stroke:A')).toEqual({ acute_stroke_spell: 5000, inpatient_stay_other: 8000, readmission: 2400 });
    expect(await db.all(`select anchor_end::varchar ae, flags from episode`)).toEqual([{ ae: '2024-06-01', flags: ['readmitted'] }]);
  });

  it('a transfer more than three days after discharge is a new admission', async () => {
    await insertPatients(db, [{ patient_id: 'S3', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('A', 'S3', 'apc_emergency', '2024-05-01', '2024-05-10', 5000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('R', 'S3', 'apc_emergency', '2024-05-14', '2024-05-20', 3000, { provider_code: 'RBB', hrg: 'DZ11S', diagnoses: ['J189'], admission_method: '2B' }),
    ]);
    await run(['stroke']);
    expect(await db.all(`select anchor_end::varchar ae from episode`)).toEqual([{ ae: '2024-05-10' }]);
    // a transfer in (2B) is never counted as a readmission (06-attribute), wherever it falls
    expect(await stepCosts('stroke:A')).toEqual({ acute_stroke_spell: 5000, readmission: 3000 });
  });

  it('a hip fracture admitted at one trust and operated at another: one stay from the first admission, every pound of it in the episode', async () => {
    await insertPatients(db, [{ patient_id: 'H1', birth_date: '1940-03-01' }]);
    await insertActivity(db, [
      spell('H1A', 'H1', 'apc_emergency', '2024-03-01', '2024-03-02', 2000, { provider_code: 'RAA', hrg: 'HT12D', diagnoses: ['S720'] }),
      spell('H1B', 'H1', 'apc_emergency', '2024-03-02', '2024-03-15', 10000, { provider_code: 'RBB', hrg: 'HT12D', diagnoses: ['S720'], procedures: ['W461', 'Z942'], admission_method: '2B' }),
    ]);
    await run(['hip-fracture']);
    // before: H1A was split by days, £1,000 to other_acute and £1,000 outside, the window starting at H1B's admission
    const e = await db.all(`select episode_id, anchor_provider_code p, anchor_start::varchar s, window_start::varchar ws, los_days::int los from episode`);
    expect(e).toEqual([{ episode_id: 'hip-fracture:H1B', p: 'RBB', s: '2024-03-01', ws: '2024-03-01', los: 14 }]);
    expect(await stepCosts('hip-fracture:H1B')).toEqual({ hip_fracture_spell: 10000, inpatient_stay_other: 2000 });
    expect(await reconciled('hip-fracture')).toEqual({ in: 12000, attributed: 12000, outside: 0, diff: 0 });
  });
});

describe('a stay is only what a transfer or the pathway links (a review of the stays)', () => {
  it('a transfer admitted days after discharge home came from another stay: a readmission, not the stay', async () => {
    await insertPatients(db, [{ patient_id: 'S1', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      spell('A', 'S1', 'apc_emergency', '2024-05-01', '2024-05-10', 5000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('T', 'S1', 'apc_emergency', '2024-05-12', '2024-05-20', 6000, { provider_code: 'RBB', hrg: 'DZ11S', diagnoses: ['J189'], admission_method: '2B' }),
    ]);
    await run(['stroke']);
    expect(await db.all(`select anchor_end::varchar ae from episode`)).toEqual([{ ae: '2024-05-10' }]);
    expect(await stepCosts('stroke:A')).toEqual({ acute_stroke_spell: 5000, readmission: 6000 });
  });

  it('an unrelated long spell the anchor falls in, and a readmission on the discharge day, stay outside the stay', async () => {
    await insertPatients(db, [{ patient_id: 'S2', birth_date: '1948-03-01' }]);
    await insertActivity(db, [
      // an open spell from January (to the cut-off), not a stroke, not a transfer
      spell('L', 'S2', 'apc_other', '2024-01-10', '2024-09-30', 20000, { provider_code: 'RCC', hrg: 'WD11Z', diagnoses: ['F03X'], admission_method: '31' }),
      spell('A', 'S2', 'apc_emergency', '2024-03-01', '2024-03-04', 5000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('R', 'S2', 'apc_emergency', '2024-03-04', '2024-03-04', 900, { provider_code: 'RAA', hrg: 'DZ11S', diagnoses: ['J189'] }),
    ]);
    await run(['stroke']);
    // before the review's fix: anchor_start 10 January, LOS 264, and all £20,000 in the stay
    expect(await db.all(`select anchor_start::varchar s, anchor_end::varchar ae, los_days::int los, month from episode`)).toEqual([{ s: '2024-03-01', ae: '2024-03-04', los: 3, month: '2024-03' }]);
    const costs = await stepCosts('stroke:A');
    expect(costs.readmission).toBe(900); // it was in the anchor phase, unflagged
    expect(costs.acute_stroke_spell).toBe(5000);
    expect(await db.all(`select flags from episode`)).toEqual([{ flags: ['readmitted'] }]);
  });

  it('a transfer into the anchor links only a spell of the pathway before it: a stroke moved to a hip fracture operation is not a hip fracture stay', async () => {
    await insertPatients(db, [{ patient_id: 'H1', birth_date: '1940-03-01' }]);
    await insertActivity(db, [
      spell('S', 'H1', 'apc_emergency', '2024-03-01', '2024-03-20', 9000, { provider_code: 'RAA', hrg: 'AA35C', diagnoses: ['I634'] }),
      spell('H', 'H1', 'apc_emergency', '2024-03-20', '2024-03-30', 10000, { provider_code: 'RBB', hrg: 'HT12D', diagnoses: ['S720'], procedures: ['W461'], admission_method: '2B' }),
    ]);
    await run(['hip-fracture']);
    expect(await db.all(`select anchor_start::varchar s from episode`)).toEqual([{ s: '2024-03-20' }]);
  });

  it('a pathway anchored on an outpatient procedure keeps its episodes', async () => {
    const [knee] = await loadPathways(undefined, ['knee-replacement']);
    const opKnee = { ...knee, anchor: { ...knee.anchor, activity_types: ['op_first'], admission_methods: undefined } } as typeof knee;
    await insertPatients(db, [{ patient_id: 'K1', birth_date: '1950-01-01' }]);
    await insertActivity(db, [{ ...outpatient('O1', 'K1', '2024-03-01', 800, '110'), activity_type: 'op_first', diagnoses: ['M171'], procedures: ['W401'] }]);
    await computePathways(db, [opKnee], await pathwayInputs(db), { coverageEnd: '2025-12-31', suppressionThreshold: 7 });
    expect(await db.all(`select episode_id from episode`)).toEqual([{ episode_id: 'knee-replacement:O1' }]);
  });
});

describe('hip fracture operations: the whole primary replacement list', () => {
  it('anchors on a hybrid total hip replacement (W93.1) and an "other specified" one (W38.8)', async () => {
    await insertPatients(db, [{ patient_id: 'H2', birth_date: '1940-03-01' }, { patient_id: 'H3', birth_date: '1940-03-01' }]);
    await insertActivity(db, [
      spell('H2A', 'H2', 'apc_emergency', '2024-03-01', '2024-03-10', 11000, { hrg: 'HT12D', diagnoses: ['S720'], procedures: ['W931', 'Z943'] }),
      spell('H3A', 'H3', 'apc_emergency', '2024-03-01', '2024-03-10', 11000, { hrg: 'HT12D', diagnoses: ['S720'], procedures: ['W388', 'Z943'] }),
    ]);
    await run(['hip-fracture']);
    expect(await db.all(`select episode_id from episode order by 1`)).toEqual([{ episode_id: 'hip-fracture:H2A' }, { episode_id: 'hip-fracture:H3A' }]);
  });
});

describe('an A&E attendance past midnight is one event', () => {
  it('counts wholly on the day it ended: the attendance before an admission after midnight is in, one ending the day after the window is out', async () => {
    await insertPatients(db, [{ patient_id: 'S1', birth_date: '1948-03-01' }]);
    const ae = (id: string, from: string, to: string, cost: number): ActivityRow => ({
      feed: 'ae_attendances', source_id: id, patient_id: 'S1', setting: 'acute', activity_type: 'ae_attendance', provider_code: 'RAA',
      start_date: from, end_date: to, cost_gbp: cost, cost_basis: 'national_unit_cost', unit: 'attendances', units: 1,
    });
    await insertActivity(db, [
      ae('AE1', '2024-05-01', '2024-05-02', 300), // 22:30 to 02:10, then admitted on 2 May (look-back 0)
      spell('A', 'S1', 'apc_emergency', '2024-05-02', '2024-05-10', 5000, { hrg: 'AA35C', diagnoses: ['I634'] }),
      ae('AE2', '2025-05-09', '2025-05-10', 250), // arrives on day 365 (2025-05-09), leaves on day 366
    ]);
    await run(['stroke']);
    // before: AE1 was £150 in other_acute and £150 outside; AE2 £125 in and £125 outside. AE1 arrived before
    // the admission, so it is before the anchor: unmatched, it is the pathway's other acute care
    expect(await stepCosts('stroke:A')).toEqual({ acute_stroke_spell: 5000, other_acute: 300 });
    expect(await reconciled('stroke')).toEqual({ in: 5550, attributed: 5300, outside: 250, diff: 0 });
  });
});

describe('annual cohort: type 2 diabetes over two financial years', () => {
  beforeEach(async () => {
    await insertPatients(db, [
      { patient_id: 'D1', birth_date: '1960-05-01', practice_code: 'A81002' },
      { patient_id: 'D2', birth_date: '1970-01-01' },
      { patient_id: 'D3', birth_date: '1940-01-01', date_of_death: '2024-02-01' },
      // aged on each year's last day (QOF's achievement date): 16 on 31 March 2024, off the 17+ register; 17 on
      // 31 March 2025, on it (aged 16 on 1 April 2024)
      { patient_id: 'D4', birth_date: '2008-01-01' },
    ]);
    await insertActivity(db, [
      // the first month with data is April 2023, so 2023-24 is the first whole financial year
      gp('X0', 'D2', '2023-04-03', 30, ['38341003']),
      gp('G1', 'D1', '2023-06-01', 40, ['44054006']),
      { feed: 'prescriptions', source_id: 'P1', patient_id: 'D1', setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81002', start_date: '2023-05-01', cost_gbp: 1.8, bnf_code: '0601022B0AAABAB', unit: 'items' },
      // a spell for diabetes (ketoacidosis, E11.1 primary) across the year end, 2024-03-30..2024-04-02 (4 days,
      // £400): £200 in each year; and a pneumonia with E11.9 second, which is not diabetes care
      spell('A1', 'D1', 'apc_emergency', '2024-03-30', '2024-04-02', 400, { hrg: 'KB02K', diagnoses: ['E111', 'J189'] }),
      spell('A2', 'D1', 'apc_emergency', '2024-11-04', '2024-11-08', 2500, { hrg: 'DZ11S', diagnoses: ['J189', 'E119'] }),
      community('C1', 'D1', '2024-10-01', 76.83, 'PODIATRY'),
      gp('G2', 'D1', '2025-03-31', 40, ['313436004']), // last day of 2024-25: in
      gp('G3', 'D2', '2024-07-15', 40, ['44054006']),
      gp('G4', 'D3', '2023-09-01', 40, ['44054006']),
      gp('G5', 'D4', '2023-09-01', 40, ['44054006']),
    ]);
    await run(['type-2-diabetes'], '2025-03-31');
  });

  it('has one episode per patient per financial year from the first code on', async () => {
    const e = await db.all(`select episode_id, anchor_source_id a, anchor_provider_code prov, window_start::varchar ws, window_end::varchar we, month, age::int age, status, flags
      from episode order by episode_id`);
    expect(e).toEqual([
      // D1, born 1 May 1960: 63 on 31 March 2024, 64 on 31 March 2025
      { episode_id: 'type-2-diabetes:D1:2023-24', a: 'G1', prov: 'A81002', ws: '2023-04-01', we: '2024-03-31', month: '2023-04', age: 63, status: 'complete', flags: [] },
      { episode_id: 'type-2-diabetes:D1:2024-25', a: 'G2', prov: 'A81002', ws: '2024-04-01', we: '2025-03-31', month: '2024-04', age: 64, status: 'complete', flags: [] },
      // D2's first code is in July 2024: no 2023-24 episode
      { episode_id: 'type-2-diabetes:D2:2024-25', a: 'G3', prov: 'A81001', ws: '2024-04-01', we: '2025-03-31', month: '2024-04', age: 55, status: 'complete', flags: [] },
      // D3 died in February 2024: kept and flagged, and no episode in the year after
      { episode_id: 'type-2-diabetes:D3:2023-24', a: 'G4', prov: 'A81001', ws: '2023-04-01', we: '2024-03-31', month: '2023-04', age: 84, status: 'complete', flags: ['died_in_window'] },
      // D4 joins the register in 2024-25, the year it turns 17, on its code of September 2023 (G5)
      { episode_id: 'type-2-diabetes:D4:2024-25', a: 'G5', prov: 'A81001', ws: '2024-04-01', we: '2025-03-31', month: '2024-04', age: 17, status: 'complete', flags: [] },
    ]);
  });

  it('costs each year on its own, splitting a spell across the year end by days', async () => {
    // the prescription of May 2023 predates the first code but is in its year: the year is the episode
    expect(await stepCosts('type-2-diabetes:D1:2023-24')).toEqual({ diabetes_reviews: 40, diabetes_prescribing: 1.8, diabetes_admissions: 200 });
    expect(await stepCosts('type-2-diabetes:D1:2024-25')).toEqual({ diabetes_admissions: 200, podiatry: 76.83, diabetes_reviews: 40 });
    // in: 30 + 40 + 1.80 + 400 + 2,500 + 76.83 + 40 + 40 + 40 + 40 = 3,208.63; outside: X0 (£30), D4's G5 (£40)
    // and the pneumonia (£2,500)
    expect(await reconciled('type-2-diabetes')).toEqual({ in: 3208.63, attributed: 638.63, outside: 2570, diff: 0 });
  });

  it('marks the year the coverage does not reach as provisional', async () => {
    await db.run('drop table activity_totals');
    await run(['type-2-diabetes'], '2025-02-28');
    // the last year is the one holding the coverage end, 2024-25, not yet covered
    const e = await db.all(`select episode_id, status from episode where status = 'provisional' order by 1`);
    expect(e.map((r) => r.episode_id)).toEqual(['type-2-diabetes:D1:2024-25', 'type-2-diabetes:D2:2024-25', 'type-2-diabetes:D4:2024-25']);
  });
});

describe('annual cohort: one coded record years before the extract', () => {
  it('opens no year before the first month of data, so an old diagnosis makes no £0 episodes', async () => {
    await insertPatients(db, [{ patient_id: 'D1', birth_date: '1960-05-01' }, { patient_id: 'N1', birth_date: '1980-01-01' }]);
    // twenty uncoded GP visits a month, April 2023 to March 2025: the GP feed’s months of data (median 20)
    const months = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`);
    const visits = months.flatMap((m) => Array.from({ length: 20 }, (_, d) => gp(`V${m}-${d}`, 'N1', `${m}-${String(d + 1).padStart(2, '0')}`, 30, ['239873007'])));
    // D1's diabetes was coded in 2015, a record the GP extract carries: June 2015 holds 1 row, not a month of data
    await insertActivity(db, [...visits, gp('OLD', 'D1', '2015-06-15', 40, ['44054006']), gp('G1', 'D1', '2023-06-01', 40, ['44054006'])]);
    await run(['type-2-diabetes'], '2025-03-31');
    const e = await db.all<{ episode_id: string }>(`select episode_id from episode order by 1`);
    // before: every year from 2016-17 on, seven of them £0 "complete" episodes of years the extract does not hold
    expect(e.map((x) => x.episode_id)).toEqual(['type-2-diabetes:D1:2023-24', 'type-2-diabetes:D1:2024-25']);
  });
});

describe('annual cohort: a move between the ICB’s practices', () => {
  it('keeps a year before the current registration when a code was recorded in it, and drops one with none', async () => {
    // M1 registered with A81002 from 1 September 2024; a diabetes review at A81001 in June 2023 shows M1 was on a
    // register of the ICB that year. M2 moved in on 1 September 2024 with a code from 2019 and none in the ICB's
    // data before the move: no 2023-24 year (the extract's months start in April 2023).
    await insertPatients(db, [
      { patient_id: 'M1', birth_date: '1960-05-01', practice_code: 'A81002', registered_from: '2024-09-01' },
      { patient_id: 'M2', birth_date: '1960-05-01', practice_code: 'A81002', registered_from: '2024-09-01' },
    ]);
    await insertActivity(db, [
      gp('G1', 'M1', '2023-06-01', 40, ['44054006']),
      gp('G2', 'M1', '2024-10-01', 40, ['44054006']),
      gp('X1', 'M2', '2023-04-03', 30, ['239873007']), // the first month with data (no code)
      gp('OLD', 'M2', '2019-05-01', 40, ['44054006']), // coded elsewhere before: on the register, not yet here
      gp('G3', 'M2', '2024-10-02', 40, ['44054006']),
    ]);
    await run(['type-2-diabetes'], '2025-03-31');
    expect(await db.all(`select episode_id from episode order by 1`)).toEqual([
      { episode_id: 'type-2-diabetes:M1:2023-24' }, // it was dropped: £40 of the year's diabetes care reconciled outside
      { episode_id: 'type-2-diabetes:M1:2024-25' },
      { episode_id: 'type-2-diabetes:M2:2024-25' },
    ]);
  });
});

describe('annual cohort: a resolved code takes a patient off the register (QOF DMRES_COD)', () => {
  it('until a later diagnosis, judged on each year’s last day; a resolved code the same day as the diagnosis counts', async () => {
    const patients = ['R1', 'R2', 'R3', 'R4'].map((patient_id) => ({ patient_id, birth_date: '1960-05-01' }));
    await insertPatients(db, patients);
    const RESOLVED = '315051004'; // Diabetes resolved
    await insertActivity(db, [
      gp('X0', 'R1', '2023-04-03', 30, ['38341003']), // the first month with data (no code)
      // R1: diagnosed June 2023, resolved January 2024: off the 2023-24 register (the year's £40 visit stays outside)
      // and the next year's
      gp('A1', 'R1', '2023-06-01', 40, ['44054006']),
      gp('B1', 'R1', '2024-01-10', 30, [RESOLVED]),
      // R2: resolved in August 2023, diagnosed again in September 2024: off 2023-24, on 2024-25
      gp('A2', 'R2', '2023-06-01', 40, ['44054006']),
      gp('B2', 'R2', '2023-08-01', 30, [RESOLVED]),
      gp('C2', 'R2', '2024-09-01', 40, ['44054006']),
      // R3: an old resolution (May 2023) before the diagnosis (July 2023): on both registers
      gp('B3', 'R3', '2023-05-01', 30, [RESOLVED]),
      gp('A3', 'R3', '2023-07-01', 40, ['44054006']),
      // R4: diagnosed and resolved on the same visit: off
      gp('A4', 'R4', '2023-06-01', 40, ['44054006', RESOLVED]),
    ]);
    await run(['type-2-diabetes'], '2025-03-31');
    expect((await db.all<{ episode_id: string }>(`select episode_id from episode order by 1`)).map((e) => e.episode_id)).toEqual([
      'type-2-diabetes:R2:2024-25',
      'type-2-diabetes:R3:2023-24',
      'type-2-diabetes:R3:2024-25',
    ]);
    // in: 30 + 40 + 30 + 40 + 30 + 40 + 30 + 40 + 40 = £320; attributed: R2's September review and R3's July one
    expect(await reconciled('type-2-diabetes')).toEqual({ in: 320, attributed: 80, outside: 240, diff: 0 });
  });

});

describe('annual cohort: birth dates against the year', () => {
  it('a birth date after the year ends is wrong (age unknown, kept); one inside the year is age 0 (under the register’s 17)', async () => {
    await insertPatients(db, [{ patient_id: 'B1', birth_date: '2025-06-01' }, { patient_id: 'B2', birth_date: '2024-06-01' }]);
    await insertActivity(db, [gp('G1', 'B1', '2024-07-01', 40, ['44054006']), gp('G2', 'B2', '2024-07-01', 40, ['44054006']), gp('X0', 'B2', '2024-04-02', 30, ['38341003'])]);
    await run(['type-2-diabetes'], '2025-03-31');
    // before: B1's age was −1 and min_age dropped the episode silently
    expect(await db.all(`select episode_id, age from episode order by 1`)).toEqual([{ episode_id: 'type-2-diabetes:B1:2024-25', age: null }]);
  });
});

describe('one patient in two pathways', () => {
  it('attributes the same GP visit in the knee pathway and in the diabetes year, and each pathway reconciles alone', async () => {
    await insertPatients(db, [{ patient_id: 'K1', birth_date: '1955-01-01' }]);
    await insertActivity(db, [
      gp('G1', 'K1', '2023-04-20', 40, ['44054006']),
      // osteoarthritis first, type 2 diabetes coded second: the knee's anchor, not a diabetes admission
      electiveSpell('S1', 'K1', '2024-06-10', '2024-06-13', 'W401', 8104.5, { diagnoses: ['M171', 'E119'] }),
      // a diabetes review in the knee's look-back: the knee's other primary care and a review of the diabetes year
      gp('G2', 'K1', '2024-05-02', 30, ['44054006']),
    ]);
    await run(['knee-replacement', 'type-2-diabetes'], '2025-03-31');
    const rows = await db.all(`select pathway_id, source_id, episode_id, step, cost_gbp::double gbp from activity_attribution order by pathway_id, source_id`);
    expect(rows).toEqual([
      { pathway_id: 'knee-replacement', source_id: 'G2', episode_id: 'knee-replacement:S1', step: 'other_primary', gbp: 30 },
      { pathway_id: 'knee-replacement', source_id: 'S1', episode_id: 'knee-replacement:S1', step: 'surgery', gbp: 8104.5 },
      { pathway_id: 'type-2-diabetes', source_id: 'G1', episode_id: 'type-2-diabetes:K1:2023-24', step: 'diabetes_reviews', gbp: 40 },
      { pathway_id: 'type-2-diabetes', source_id: 'G2', episode_id: 'type-2-diabetes:K1:2024-25', step: 'diabetes_reviews', gbp: 30 },
    ]);
    // in £8,174.50 for each. Knee: the GP visit of April 2023 before its look-back is outside (£40). Diabetes: the
    // knee spell (diabetes second) matches no step, and a condition's year leaves unmatched care outside (£8,104.50).
    expect(await reconciled('knee-replacement')).toEqual({ in: 8174.5, attributed: 8134.5, outside: 40, diff: 0 });
    expect(await reconciled('type-2-diabetes')).toEqual({ in: 8174.5, attributed: 70, outside: 8104.5, diff: 0 });
  });

  it('shows a step-matched row the diabetes attribution lost, though unmatched rows are left outside', async () => {
    await insertPatients(db, [{ patient_id: 'K1', birth_date: '1955-01-01' }]);
    await insertActivity(db, [gp('G1', 'K1', '2023-04-20', 40, ['44054006']), gp('G2', 'K1', '2023-05-02', 30, ['239873007'])]);
    await run(['type-2-diabetes'], '2025-03-31');
    expect(await reconciled('type-2-diabetes')).toEqual({ in: 70, attributed: 40, outside: 30, diff: 0 });
    // the review disappears from the attribution: reconciliation's own step test still counts it inside
    await db.run(`delete from activity_attribution where source_id = 'G1'`);
    await db.run('delete from reconciliation');
    const [diabetes] = await loadPathways(undefined, ['type-2-diabetes']);
    await reconcile(db, diabetes, { scope: stageTable('activity', Activity, 'out'), totals: stageTable(ActivityTotals.name, ActivityTotals), quarantine: stageTable('quarantine', Quarantine), ledger: stageTable('checked_cost_ledger', CostLedger) }, 'episodes_0');
    expect(await reconciled('type-2-diabetes')).toEqual({ in: 70, attributed: 0, outside: 30, diff: 40 });
  });
});
