// Knee replacement episodes worked out by hand (issue 5): windows, steps, proration, flags, overlaps,
// exclusions and reconciliation on a fixture small enough to check with a pencil.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db, listParam } from '../../engine/db.ts';
import { computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { EPISODE_FLAG_NAMES } from '../../schemas/tables/episode.ts';
import { type ActivityRow, createFixtureTables, pathwayInputs, electiveSpell, insertActivity, insertPatients } from '../helpers/activity-fixture.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
});
afterEach(() => db.close());

const gp = (id: string, patient: string, date: string, cost: number, snomed = ['239873007']): ActivityRow => ({
  feed: 'gp_appointments', source_id: id, patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001',
  start_date: date, cost_gbp: cost, diagnoses: snomed, staff_role: 'GP', cost_basis: 'staff_time', unit: 'gp_minutes', units: 10,
});
const physio = (id: string, patient: string, date: string, cost: number): ActivityRow => ({
  feed: 'community_contacts', source_id: id, patient_id: patient, setting: 'community', activity_type: 'community_contact', provider_code: 'RC1',
  start_date: date, cost_gbp: cost, service_type: 'PHYSIOTHERAPY', cost_basis: 'national_unit_cost', unit: 'contacts',
});

async function run() {
  const knee = await loadPathways(undefined, ['knee-replacement']);
  await computePathways(db, knee, await pathwayInputs(db), { coverageEnd: '2025-03-31', suppressionThreshold: 7 });
}

async function stepCosts(episodeId: string): Promise<Record<string, number>> {
  const rows = await db.all<{ step: string; gbp: number }>(
    `select step, sum(cost_gbp)::double as gbp from episode_step_cost where episode_id = $id group by step order by step`, { id: episodeId });
  return Object.fromEntries(rows.map((r) => [r.step, r.gbp]));
}

describe('age bands at admission', () => {
  // Admitted 2024-06-10: born 2006-06-11 is 17 (a day short of 18, under the knee's min_age); 2006-06-10 is 18;
  // 1939-06-10 is 85 that day; no birth date has no age, and is kept rather than dropped by min_age; nor has a
  // birth date after the admission (a wrong date, whose negative age once dropped the operation from the pathway).
  it('bands ages at the edges, and keeps an anchor without a possible birth date with no band', async () => {
    await insertPatients(db, [
      { patient_id: 'Y1', birth_date: '2006-06-11' },
      { patient_id: 'A1', birth_date: '2006-06-10' },
      { patient_id: 'O1', birth_date: '1939-06-10' },
      { patient_id: 'N1', birth_date: null },
      { patient_id: 'F1', birth_date: '2024-07-01' },
    ]);
    await insertActivity(db, ['Y1', 'A1', 'O1', 'N1', 'F1'].map((p) => electiveSpell(`S-${p}`, p, '2024-06-10', '2024-06-13', 'W401', 8000)));
    await run();
    const rows = await db.all<{ patient_id: string; age: number | null; age_band: string | null }>(`select patient_id, age::int as age, age_band from episode order by patient_id`);
    expect(rows).toEqual([
      { patient_id: 'A1', age: 18, age_band: '18-54' },
      { patient_id: 'F1', age: null, age_band: null },
      { patient_id: 'N1', age: null, age_band: null },
      { patient_id: 'O1', age: 85, age_band: '85+' },
    ]);
  });
});

describe('knee replacement episode, worked by hand', () => {
  // Admitted 2024-06-10, discharged 2024-06-13. Look-back 365 days → window starts 2023-06-11.
  // Discharge day is day 1 of 90 → day 90 = 2024-06-13 + 89 days = 2024-09-10, the window end.
  beforeEach(async () => {
    await insertPatients(db, [{ patient_id: 'K1', birth_date: '1955-01-01' }]);
    await insertActivity(db, [
      electiveSpell('S1', 'K1', '2024-06-10', '2024-06-13', 'W401', 8104.5),
      gp('G0', 'K1', '2023-06-10', 40), // one day before the look-back: outside
      gp('G1', 'K1', '2023-06-11', 40), // first day of the look-back: inside
      gp('G2', 'K1', '2024-01-15', 40),
      { feed: 'op_attendances', source_id: 'O1', patient_id: 'K1', setting: 'acute', activity_type: 'op_first', tfc: '110', start_date: '2024-03-01', cost_gbp: 232.07 },
      physio('C90', 'K1', '2024-09-10', 79.06), // day 90: in
      physio('C91', 'K1', '2024-09-11', 79.06), // day 91: out
      // Weekly reablement £350/week, 2024-08-28..2024-09-24 = 28 days → £1,400; 14 of them in the window → £700.
      { feed: 'social_care_services', source_id: 'R1', patient_id: 'K1', setting: 'social_care', activity_type: 'social_care_service', provider_code: 'E06000001',
        start_date: '2024-08-28', end_date: '2024-09-24', cost_gbp: 1400, service_type: 'REABLEMENT', cost_basis: 'la_unit_cost', unit: 'weeks', units: 4 },
      { feed: 'ae_attendances', source_id: 'A1', patient_id: 'K1', setting: 'acute', activity_type: 'ae_attendance', start_date: '2024-06-20', cost_gbp: 182.12, hrg: 'VB09Z' },
      { feed: 'apc_spells', source_id: 'E1', patient_id: 'K1', setting: 'acute', activity_type: 'apc_emergency', admission_method: '21', start_date: '2024-06-25', end_date: '2024-06-27', cost_gbp: 3000, diagnoses: ['T845'], unit: 'bed_days', units: 2 },
      { feed: 'prescriptions', source_id: 'P1', patient_id: 'K1', setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34, unit: 'items' },
    ]);
    await run();
  });

  it('has the window of the definition', async () => {
    const e = await db.one<Record<string, string>>(`select episode_id, window_start::varchar ws, window_end::varchar we, status, los_days::int los, age::int age, age_band from episode`);
    expect(e).toEqual({ episode_id: 'knee-replacement:S1', ws: '2023-06-11', we: '2024-09-10', status: 'complete', los: 3, age: 69, age_band: '65-74' });
  });

  it('puts every pound in the right step', async () => {
    expect(await stepCosts('knee-replacement:S1')).toEqual({
      surgery: 8104.5,
      gp_consultations: 80, // G1 + G2 = 2 × £40 (G0 is a day too early)
      orthopaedic_outpatients: 232.07,
      community_rehab: 79.06, // day 90 only
      reablement: 700, // £1,400 × 14/28
      ae_after_surgery: 182.12,
      readmission: 3000,
      prescribing: 12.34,
    });
  });

  it('totals the episode and flags complications', async () => {
    const e = await db.one<{ total: number; flags: string[] }>(`select total_cost_gbp::double total, flags from episode`);
    // 8,104.50 + 80 + 232.07 + 79.06 + 700 + 182.12 + 3,000 + 12.34
    expect(e.total).toBeCloseTo(12390.09, 2);
    expect(e.flags).toEqual(expect.arrayContaining(['readmitted', 'post_op_ae']));
  });

  it('emits only the flags schemas/tables/episode.ts documents', async () => {
    const { flags } = await db.one<{ flags: string[] }>(`select list_sort(flatten(list(flags))) flags from episode`);
    expect(flags).toEqual(['post_op_ae', 'readmitted']);
    expect(flags.filter((f) => !(EPISODE_FLAG_NAMES as string[]).includes(f))).toEqual([]);
  });

  it('reconciles: in = attributed + outside, to the penny', async () => {
    const r = await db.one<{ inn: number; att: number; out: number; diff: number }>(
      `select sum(in_gbp)::double inn, sum(attributed_gbp)::double att, sum(outside_gbp)::double as "out", sum(abs(difference_gbp))::double diff from reconciliation`);
    // All activity: 8104.50 + 3×40 + 232.07 + 2×79.06 + 1400 + 182.12 + 3000 + 12.34 = 13209.15
    expect(r.inn).toBeCloseTo(13209.15, 2);
    expect(r.att).toBeCloseTo(12390.09, 2);
    expect(r.out).toBeCloseTo(819.06, 2); // G0 40 + C91 79.06 + reablement outside 700
    expect(r.diff).toBe(0);
  });

  it('writes the outside remainder of a prorated package', async () => {
    const rows = await db.all<{ episode_id: string | null; share: number; cost: number }>(
      `select episode_id, share, cost_gbp::double as cost from activity_attribution where source_id = 'R1' order by episode_id nulls last`);
    expect(rows).toEqual([
      { episode_id: 'knee-replacement:S1', share: 0.5, cost: 700 },
      { episode_id: null, share: 0.5, cost: 700 },
    ]);
  });
});

describe('overlaps, flags and exclusions', () => {
  beforeEach(async () => {
    await insertPatients(db, [
      { patient_id: 'K2', birth_date: '1950-05-01' },
      { patient_id: 'K3', birth_date: '1948-02-01', date_of_death: '2024-04-05' },
      { patient_id: 'K4', birth_date: '1952-07-01' },
      { patient_id: 'K5', birth_date: '1949-01-01', date_of_death: '2023-12-01' },
      { patient_id: 'K6', birth_date: '1951-01-01', registered_to: '2023-01-31' }, // left the practice before the window
      { patient_id: 'K7', birth_date: '1951-01-01', registered_to: '2024-05-15' }, // left it during the window (to 2024-06-04)
    ]);
    await insertActivity(db, [
      // Admitted three months after the death the patients feed records: a wrong date or link, kept and flagged.
      electiveSpell('Z1', 'K5', '2024-03-04', '2024-03-07', 'W401', 8200),
      // Staged bilateral knees: first 2024-02-05→08, second 2024-08-05→07.
      electiveSpell('B1', 'K2', '2024-02-05', '2024-02-08', 'W411', 8000),
      electiveSpell('B2', 'K2', '2024-08-05', '2024-08-07', 'W421', 8100),
      gp('BG1', 'K2', '2023-09-01', 40), // inside both raw look-backs: must count once, in the first episode
      physio('BC1', 'K2', '2024-04-01', 79), // first episode's recovery
      physio('BC2', 'K2', '2024-06-01', 79), // after the first window (ends 2024-05-07): second episode, pre phase
      // Death on day 30 after discharge 2024-03-07 (day 30 = 2024-04-05): flagged, kept.
      electiveSpell('D1', 'K3', '2024-03-04', '2024-03-07', 'W401', 8200),
      // A revision (W40.3) starts no episode.
      electiveSpell('V1', 'K4', '2024-05-01', '2024-05-05', 'W403', 9000),
      electiveSpell('M6', 'K6', '2024-03-04', '2024-03-07', 'W401', 8200),
      electiveSpell('M7', 'K7', '2024-03-04', '2024-03-07', 'W401', 8200),
    ]);
    await run();
  });

  it('splits staged bilateral knees so no activity is counted twice', async () => {
    const eps = await db.all<Record<string, unknown>>(`select episode_id, window_start::varchar ws, window_end::varchar we, flags from episode where patient_id = 'K2' order by 1`);
    expect(eps).toEqual([
      // 2024-02-08 + 89 = 2024-05-07, before the second admission: the first window keeps its 90 days.
      { episode_id: 'knee-replacement:B1', ws: '2023-02-05', we: '2024-05-07', flags: ['bilateral_staged'] },
      // The second look-back (from 2023-08-06) is cut to start the day after the first window ends.
      { episode_id: 'knee-replacement:B2', ws: '2024-05-08', we: '2024-11-04', flags: ['bilateral_staged'] },
    ]);
    const shares = await db.all<{ source_id: string; n: number; share: number }>(
      `select source_id, count(*)::int n, sum(share) as share from activity_attribution where episode_id is not null group by 1 order by 1`);
    expect(shares.every((s) => s.n === 1 && s.share <= 1)).toBe(true);
    expect(await stepCosts('knee-replacement:B1')).toEqual({ surgery: 8000, gp_consultations: 40, community_rehab: 79 });
    expect(await stepCosts('knee-replacement:B2')).toEqual({ surgery: 8100, msk_physio: 79 });
  });

  it('keeps and flags a death in the window', async () => {
    const e = await db.one<{ flags: string[]; total: number }>(`select flags, total_cost_gbp::double total from episode where patient_id = 'K3'`);
    expect(e).toEqual({ flags: ['died_in_window'], total: 8200 });
  });

  it('keeps and flags an admission after the recorded death (before, it was a complete episode with no flag)', async () => {
    const e = await db.one<{ flags: string[]; total: number }>(`select flags, total_cost_gbp::double total from episode where patient_id = 'K5'`);
    expect(e).toEqual({ flags: ['died_before_anchor'], total: 8200 });
  });

  it('flags moved_away when the registration ended in the window or before it (a reviewer’s case: before, no flag)', async () => {
    expect(await db.all(`select patient_id, flags from episode where patient_id in ('K6', 'K7') order by 1`)).toEqual([
      { patient_id: 'K6', flags: ['moved_away'] },
      { patient_id: 'K7', flags: ['moved_away'] },
    ]);
  });

  it('starts no episode for a revision, and counts its cost outside', async () => {
    expect((await db.all(`select * from episode where patient_id = 'K4'`)).length).toBe(0);
    const r = await db.one<{ out: number }>(`select outside_gbp::double as "out" from reconciliation where feed = 'apc_spells' and month = '2024-05'`);
    expect(r.out).toBe(9000);
  });
});

describe('cohort rules: anchor procedure in any position, primary diagnosis, exclusions by position, bilateral variant', () => {
  const knee = (id: string, patient: string, procedures: string[], diagnoses: string[]) =>
    electiveSpell(id, patient, '2024-06-10', '2024-06-13', procedures[0], 8000, { procedures, diagnoses });
  beforeEach(async () => {
    await insertPatients(db, ['B5', 'B6', 'U7', 'C8', 'P9', 'D10', 'X11'].map((patient_id) => ({ patient_id, birth_date: '1955-01-01' })));
    await insertActivity(db, [
      knee('S5', 'B5', ['W401', 'Z941'], ['M170']), // same-spell bilateral: Z94.1
      knee('S6', 'B6', ['W401', 'Z942', 'W401', 'Z943'], ['M170']), // same-spell bilateral: right and left in one spell
      knee('S7', 'U7', ['W401', 'Z942'], ['M171']), // one side only: not bilateral
      knee('S8', 'C8', ['W401', 'Z943'], ['M171', 'I10', 'M966']), // peri-prosthetic fracture in diagnosis position 3
      knee('S9', 'P9', ['Y999', 'W411'], ['M171']), // the replacement in procedure position 2, after a code on no list
      knee('S10', 'D10', ['W401', 'Z942'], ['M966', 'M171']), // peri-prosthetic fracture as the primary diagnosis
      knee('S11', 'X11', ['W401', 'Z942'], ['M161', 'M171']), // primary diagnosis hip OA: not the knee pathway's
    ]);
    await run();
  });

  it('flags a same-spell bilateral knee (Z94.1, or Z94.2 with Z94.3) and keeps the one-sided one unflagged', async () => {
    const eps = await db.all<{ patient_id: string; flags: string[] }>(`select patient_id, flags from episode where patient_id in ('B5', 'B6', 'U7') order by 1`);
    expect(eps).toEqual([
      { patient_id: 'B5', flags: ['bilateral_same_spell'] },
      { patient_id: 'B6', flags: ['bilateral_same_spell'] },
      { patient_id: 'U7', flags: [] },
    ]);
  });

  it('leaves the bilateral episodes out of the provider comparison, as the definition says', async () => {
    const [def] = await loadPathways(undefined, ['knee-replacement']);
    expect(def.comparison.exclude_flags).toEqual(['died_in_window', 'bilateral_same_spell']);
    const compared = await db.all<{ patient_id: string }>(
      `select patient_id from episode where not list_has_any(flags, $excluded::varchar[]) order by 1`, { excluded: listParam(def.comparison.exclude_flags) });
    expect(compared.map((e) => e.patient_id)).toEqual(['C8', 'P9', 'U7']);
    // and the comparison itself leaves them out, under the definition's flags (the stage's own reasons)
    const reasons = await db.all<{ patient_id: string; reason: string | null; bilateral: boolean }>(
      `select e.patient_id, r.reason, list_contains(e.flags, 'bilateral_same_spell') as bilateral from comparison_reason r join episode e using (episode_id) order by 1`);
    expect(reasons.filter((r) => r.bilateral).length).toBeGreaterThan(0);
    for (const r of reasons.filter((x) => x.bilateral)) expect(r.reason, r.patient_id).not.toBeNull();
    for (const r of reasons.filter((x) => x.reason === null)) expect(compared.map((e) => e.patient_id)).toContain(r.patient_id);
  });

  it('keeps a primary knee with M96.6 in diagnosis position 3, flagged in_spell_complication', async () => {
    const e = await db.one<{ flags: string[]; total: number }>(`select flags, total_cost_gbp::double total from episode where patient_id = 'C8'`);
    expect(e).toEqual({ flags: ['in_spell_complication'], total: 8000 });
  });

  it('anchors on the replacement code in any procedure position, and only on a primary diagnosis of M17', async () => {
    const eps = await db.all<{ patient_id: string }>(`select patient_id from episode order by 1`);
    // P9 anchors on W41.1 in position 2; D10 (M96.6 primary) and X11 (M16.1 primary) start no knee episode.
    expect(eps.map((e) => e.patient_id)).toEqual(['B5', 'B6', 'C8', 'P9', 'U7']);
  });
});
