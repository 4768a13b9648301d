// Step flows worked out by hand (issue 23): three knee replacement episodes whose paths, moves, returns and
// sequences can be counted with a pencil, then the rare moves hidden (threshold 2).
//
//   A (K1): GP 10 Jan → physio 1 Feb → imaging 1 Mar → T&O outpatients 1 Apr → imaging 1 May (a return)
//           → surgery 10 Jun → rehab 20 and 27 Jun (one visit) → follow-up 20 Jul
//   B (K2): the same without the second imaging, and one rehab contact
//   C (K3): T&O outpatients and GP on 1 Apr (same day: GP first, it comes first in the definition)
//           → surgery 10 Jun → emergency readmission 25 Jun → rehab 1 Jul; a prescription on 1 Jul (prescribing
//           runs alongside the whole window: not a step of the path)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { TRANSITION_CELLS } from '../../engine/disclosure/flow-cells.ts';
import { computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { type ActivityRow, createFixtureTables, electiveSpell, insertActivity, insertPatients } from '../helpers/activity-fixture.ts';
import { attackBySubtraction, loneHiddenGroups } from '../helpers/disclosure-attack.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
  await insertPatients(db, ['K1', 'K2', 'K3'].map((patient_id) => ({ patient_id, birth_date: '1955-01-01' })));
  await insertActivity(db, [...episodeA(), ...episodeB(), ...episodeC()]);
});
afterEach(() => db.close());

const gp = (id: string, patient: string, date: string): ActivityRow => ({
  feed: 'gp_appointments', source_id: id, patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001',
  start_date: date, cost_gbp: 40, diagnoses: ['239873007'], staff_role: 'GP', cost_basis: 'staff_time',
});
const community = (id: string, patient: string, date: string, service: string): ActivityRow => ({
  feed: 'community_contacts', source_id: id, patient_id: patient, setting: 'community', activity_type: 'community_contact', provider_code: 'RC1',
  start_date: date, cost_gbp: 79, service_type: service, cost_basis: 'national_unit_cost',
});
const op = (id: string, patient: string, date: string, tfc: string, cost: number): ActivityRow => ({
  feed: 'op_attendances', source_id: id, patient_id: patient, setting: 'acute', activity_type: 'op_first', start_date: date, tfc, cost_gbp: cost,
});
const surgery = (id: string, patient: string) => electiveSpell(id, patient, '2024-06-10', '2024-06-13', 'W401', 8000);

function episodeA(): ActivityRow[] {
  return [gp('AG', 'K1', '2024-01-10'), community('AP', 'K1', '2024-02-01', 'PHYSIOTHERAPY'), op('AI1', 'K1', '2024-03-01', '812', 100),
    op('AO', 'K1', '2024-04-01', '110', 232), op('AI2', 'K1', '2024-05-01', '812', 100), surgery('AS', 'K1'),
    community('AR1', 'K1', '2024-06-20', 'PHYSIOTHERAPY'), community('AR2', 'K1', '2024-06-27', 'PHYSIOTHERAPY'), op('AF', 'K1', '2024-07-20', '110', 120)];
}
function episodeB(): ActivityRow[] {
  return [gp('BG', 'K2', '2024-01-10'), community('BP', 'K2', '2024-02-01', 'PHYSIOTHERAPY'), op('BI', 'K2', '2024-03-01', '812', 100),
    op('BO', 'K2', '2024-04-01', '110', 232), surgery('BS', 'K2'), community('BR', 'K2', '2024-06-20', 'PHYSIOTHERAPY'), op('BF', 'K2', '2024-07-20', '110', 120)];
}
function episodeC(): ActivityRow[] {
  return [op('CO', 'K3', '2024-04-01', '110', 232), gp('CG', 'K3', '2024-04-01'), surgery('CS', 'K3'),
    { feed: 'apc_spells', source_id: 'CE', patient_id: 'K3', setting: 'acute', activity_type: 'apc_emergency', admission_method: '21', start_date: '2024-06-25', end_date: '2024-06-27', cost_gbp: 3000, diagnoses: ['T845'] },
    community('CR', 'K3', '2024-07-01', 'PHYSIOTHERAPY'),
    { feed: 'prescriptions', source_id: 'CP', patient_id: 'K3', setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34 }];
}

async function run(threshold: number) {
  await computePathways(db, await loadPathways(undefined, ['knee-replacement']), { coverageEnd: '2025-03-31', suppressionThreshold: threshold });
}

type Move = { from_step: string; to_step: string; kind: string; n: number; days: number | null; gbp: number | null };
const MOVES = `select from_step, to_step, kind, n_episodes::integer as n, median_days::double as days, to_cost_gbp::double as gbp from`;

describe('step flows of three episodes, counted by hand', () => {
  it('counts every move, with days between and the cost of the visit moved to', async () => {
    await run(2);
    const moves = await db.all<Move>(`${MOVES} transition_stats where provider_code = 'RA1' order by from_step, to_step, kind`);
    expect(moves).toEqual([
      { from_step: 'community_rehab', to_step: 'end', kind: 'first', n: 1, days: null, gbp: null }, // C
      { from_step: 'community_rehab', to_step: 'follow_up_outpatients', kind: 'first', n: 2, days: 26.5, gbp: 240 }, // A 27 Jun → 20 Jul = 23 d, B 20 Jun → 20 Jul = 30 d; 2 × £120
      { from_step: 'follow_up_outpatients', to_step: 'end', kind: 'first', n: 2, days: null, gbp: null },
      { from_step: 'gp_consultations', to_step: 'msk_physio', kind: 'first', n: 2, days: 22, gbp: 158 }, // 10 Jan → 1 Feb; 2 × £79
      { from_step: 'gp_consultations', to_step: 'orthopaedic_outpatients', kind: 'first', n: 1, days: 0, gbp: 232 }, // C, same day
      { from_step: 'imaging', to_step: 'orthopaedic_outpatients', kind: 'first', n: 2, days: 31, gbp: 464 }, // 1 Mar → 1 Apr
      { from_step: 'imaging', to_step: 'surgery', kind: 'first', n: 1, days: 40, gbp: 8000 }, // A: 1 May → 10 Jun
      { from_step: 'msk_physio', to_step: 'imaging', kind: 'first', n: 2, days: 29, gbp: 200 }, // 1 Feb → 1 Mar 2024 (a leap year)
      { from_step: 'orthopaedic_outpatients', to_step: 'imaging', kind: 'return', n: 1, days: 30, gbp: 100 }, // A's repeat imaging
      { from_step: 'orthopaedic_outpatients', to_step: 'surgery', kind: 'first', n: 2, days: 70, gbp: 16000 }, // B and C: 1 Apr → 10 Jun
      { from_step: 'readmission', to_step: 'community_rehab', kind: 'first', n: 1, days: 6, gbp: 79 }, // C: 25 Jun → 1 Jul
      { from_step: 'start', to_step: 'gp_consultations', kind: 'first', n: 3, days: null, gbp: 120 },
      { from_step: 'surgery', to_step: 'community_rehab', kind: 'first', n: 2, days: 10, gbp: 237 }, // A's visit is two contacts: £158 + B's £79
      { from_step: 'surgery', to_step: 'readmission', kind: 'first', n: 1, days: 15, gbp: 3000 },
    ]);
    // one anchor provider: the ICB's moves are RA1's
    expect(await db.all<Move>(`${MOVES} transition_stats where provider_code = 'ICB' order by from_step, to_step, kind`)).toEqual(moves);
  });

  it('counts the sequences of first visits, with their mean episode cost', async () => {
    await run(2);
    const seqs = await db.all(`select sequence, n_steps::integer as n_steps, n_episodes::integer as n, cost_gbp::double as gbp from sequence_stats where provider_code = 'RA1' order by n desc`);
    expect(seqs).toEqual([
      // A and B: A's second imaging is a return, not a new step. A = 40 + 79 + 100 + 232 + 100 + 8,000 + 158 + 120 = £8,829;
      // B = 40 + 79 + 100 + 232 + 8,000 + 79 + 120 = £8,650
      { sequence: 'gp_consultations > msk_physio > imaging > orthopaedic_outpatients > surgery > community_rehab > follow_up_outpatients', n_steps: 7, n: 2, gbp: 17479 },
      // C, with its prescription in the episode's cost: 232 + 40 + 8,000 + 3,000 + 79 + 12.34
      { sequence: 'gp_consultations > orthopaedic_outpatients > surgery > readmission > community_rehab', n_steps: 5, n: 1, gbp: 11363.34 },
    ]);
  });

  it('withholds the provider when a rare branch cannot be covered: the summary’s step counts would give it away', async () => {
    await run(2);
    // C's GP → T&O outpatients (1 episode) leaves the GP step beside GP → physio, the only way into physio: the
    // summary shows 3 episodes at the GP step and 2 at physio, so 3 − 2 = 1. No move can be hidden with it.
    expect(await db.all(`select * from flow_withheld order by provider_code`)).toEqual([
      { pathway_id: 'knee-replacement', provider_code: 'ICB' },
      { pathway_id: 'knee-replacement', provider_code: 'RA1' },
    ]);
    expect(await db.all(`select * from step_transition`)).toEqual([]);
  });

  it('folds a lone hidden sequence with the smallest shown one into "other", so "other" is never a small count', async () => {
    await run(2);
    // C's sequence (1 episode) is hidden; "other" would hold 1, so A and B's (2) joins it: 3 episodes, no sequence listed
    const rows = await db.all(`select provider_code, rank::integer as rank, sequence, n_episodes::integer as n, share, mean_cost_gbp::double as mean, suppressed from step_sequence order by provider_code`);
    expect(rows).toEqual([
      { provider_code: 'ICB', rank: 1, sequence: 'other', n: 3, share: 1, mean: 9614.11, suppressed: false }, // (17,479 + 11,363.34) / 3
      { provider_code: 'RA1', rank: 1, sequence: 'other', n: 3, share: 1, mean: 9614.11, suppressed: false },
    ]);
  });
});

/** step_transition as published, plus each step's episodes from pathway_summary as the totals into and out of it. */
async function publishedWithTotals(db: Db) {
  const moves = await db.all<Record<string, unknown> & { suppressed: boolean }>(
    `select provider_code, from_step, to_step || '|' || kind as to_key, n_episodes::double as n_episodes, suppressed from step_transition`);
  const steps = await db.all<{ provider_code: string; step: string; n_episodes: number | null; suppressed: boolean }>(
    `select provider_code, step, n_with_activity::double as n_episodes, suppressed from pathway_summary where month = 'all' and setting = 'all' and basis = 'actual'`);
  const totals = steps.flatMap((s) => {
    const into = s.step === 'all' ? 'end' : s.step;
    const outOf = s.step === 'all' ? 'start' : s.step;
    const n = s.step === 'all' ? null : s.n_episodes;
    return [{ provider_code: s.provider_code, from_step: 'all', to_key: `${into}|first`, n_episodes: n, suppressed: s.suppressed },
      { provider_code: s.provider_code, from_step: outOf, to_key: 'all', n_episodes: n, suppressed: s.suppressed }];
  });
  return [...moves, ...totals];
}
