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
import { type ActivityRow, createFixtureTables, electiveSpell, insertActivity, insertPatients, pathwayInputs } from '../helpers/activity-fixture.ts';
import { attackBySubtraction, loneHiddenGroups } from '../helpers/disclosure-attack.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
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

/** A: GP → physio → imaging → T&O outpatients → imaging again → surgery → rehab (two contacts) → follow-up. */
function pathA(p: string): ActivityRow[] {
  return [gp(`${p}G`, p, '2024-01-10'), community(`${p}P`, p, '2024-02-01', 'PHYSIOTHERAPY'), op(`${p}I1`, p, '2024-03-01', '812', 100),
    op(`${p}O`, p, '2024-04-01', '110', 232), op(`${p}I2`, p, '2024-05-01', '812', 100), surgery(`${p}S`, p),
    community(`${p}R1`, p, '2024-06-20', 'PHYSIOTHERAPY'), community(`${p}R2`, p, '2024-06-27', 'PHYSIOTHERAPY'), op(`${p}F`, p, '2024-07-20', '110', 120)];
}
/** B: A without the second imaging, one rehab contact. */
function pathB(p: string): ActivityRow[] {
  return [gp(`${p}G`, p, '2024-01-10'), community(`${p}P`, p, '2024-02-01', 'PHYSIOTHERAPY'), op(`${p}I`, p, '2024-03-01', '812', 100),
    op(`${p}O`, p, '2024-04-01', '110', 232), surgery(`${p}S`, p), community(`${p}R`, p, '2024-06-20', 'PHYSIOTHERAPY'), op(`${p}F`, p, '2024-07-20', '110', 120)];
}
/** C: T&O outpatients and GP the same day → surgery → emergency readmission → rehab, and a prescription. */
function pathC(p: string): ActivityRow[] {
  return [op(`${p}O`, p, '2024-04-01', '110', 232), gp(`${p}G`, p, '2024-04-01'), surgery(`${p}S`, p),
    { feed: 'apc_spells', source_id: `${p}E`, patient_id: p, setting: 'acute', activity_type: 'apc_emergency', admission_method: '21', start_date: '2024-06-25', end_date: '2024-06-27', cost_gbp: 3000, diagnoses: ['T845'] },
    community(`${p}R`, p, '2024-07-01', 'PHYSIOTHERAPY'),
    { feed: 'prescriptions', source_id: `${p}P`, patient_id: p, setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34 }];
}
/** D: GP → T&O outpatients → surgery → rehab → follow-up. */
function pathD(p: string): ActivityRow[] {
  return [gp(`${p}G`, p, '2024-01-10'), op(`${p}O`, p, '2024-04-01', '110', 232), surgery(`${p}S`, p),
    community(`${p}R`, p, '2024-06-20', 'PHYSIOTHERAPY'), op(`${p}F`, p, '2024-07-20', '110', 120)];
}

async function insertEpisodes(paths: Array<[string, (p: string) => ActivityRow[]]>) {
  await insertPatients(db, paths.map(([patient_id]) => ({ patient_id, birth_date: '1955-01-01' })));
  await insertActivity(db, paths.flatMap(([p, path]) => path(p)));
}

async function run(threshold: number) {
  await computePathways(db, await loadPathways(undefined, ['knee-replacement']), await pathwayInputs(db), { coverageEnd: '2025-03-31', suppressionThreshold: threshold });
}

type Move = { from_step: string; to_step: string; kind: string; n: number; days: number | null; gbp: number | null };
const MOVES = `select from_step, to_step, kind, n_episodes::integer as n, median_days::double as days, to_cost_gbp::double as gbp from`;

describe('step flows of three episodes, counted by hand', () => {
  beforeEach(() => insertEpisodes([['K1', pathA], ['K2', pathB], ['K3', pathC]]));

  it('counts every move, with days between and the cost at the step moved to', async () => {
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
      // 1 Feb → 1 Mar 2024 (a leap year); a first arrival carries every visit to the step: A's two imaging + B's one
      { from_step: 'msk_physio', to_step: 'imaging', kind: 'first', n: 2, days: 29, gbp: 300 },
      { from_step: 'orthopaedic_outpatients', to_step: 'imaging', kind: 'return', n: 1, days: 30, gbp: null }, // A's repeat imaging: its £100 is in the first arrival
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
    // A and B have a £12.34 prescription too: were C alone to have activity not related to the knee (its
    // readmission, its prescription), the summary would hide RA1's total (1 episode's money by subtraction), and
    // every sequence with it
    const prescription = (p: string): ActivityRow => ({ feed: 'prescriptions', source_id: `${p}P`, patient_id: p, setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34 });
    await insertActivity(db, [prescription('K1'), prescription('K2')]);
    await run(2);
    // C's sequence (1 episode) is hidden; "other" would hold 1, so A and B's (2) joins it: 3 episodes, no sequence listed
    const rows = await db.all(`select provider_code, rank::integer as rank, sequence, n_episodes::integer as n, share, mean_cost_gbp::double as mean, suppressed from step_sequence order by provider_code`);
    expect(rows).toEqual([
      { provider_code: 'ICB', rank: 1, sequence: 'other', n: 3, share: 1, mean: 9622.34, suppressed: false }, // (17,479 + 2 × 12.34 + 11,363.34) / 3
      { provider_code: 'RA1', rank: 1, sequence: 'other', n: 3, share: 1, mean: 9622.34, suppressed: false },
    ]);
  });
});

describe('rare moves suppressed: 4 episodes like B, 4 like D (straight from GP to T&O), 1 like A (threshold 3)', () => {
  beforeEach(() => insertEpisodes([...['B1', 'B2', 'B3', 'B4'].map((p) => [p, pathB] as [string, typeof pathB]),
    ...['D1', 'D2', 'D3', 'D4'].map((p) => [p, pathD] as [string, typeof pathD]), ['A1', pathA]]));

  it('hides A’s repeat imaging and imaging → surgery (1 episode each), and T&O → surgery with them', async () => {
    await run(3);
    const published = await db.all<{ move: string; n: number | null; suppressed: boolean }>(
      `select from_step || ' > ' || to_step || ' (' || kind || ')' as move, n_episodes::integer as n, suppressed from step_transition where provider_code = 'RA1' order by all`);
    expect(published).toEqual([
      { move: 'community_rehab > follow_up_outpatients (first)', n: 9, suppressed: false },
      { move: 'follow_up_outpatients > end (first)', n: 9, suppressed: false },
      { move: 'gp_consultations > msk_physio (first)', n: 5, suppressed: false },
      { move: 'gp_consultations > orthopaedic_outpatients (first)', n: 4, suppressed: false },
      // 1 episode (A): hidden
      { move: 'imaging > surgery (first)', n: null, suppressed: true },
      { move: 'imaging > orthopaedic_outpatients (first)', n: 5, suppressed: false },
      { move: 'msk_physio > imaging (first)', n: 5, suppressed: false },
      // A's loop back (1 episode): hidden
      { move: 'orthopaedic_outpatients > imaging (return)', n: null, suppressed: true },
      // 8 episodes, hidden with imaging > surgery: the first arrivals into surgery add up to its 9 episodes in the summary
      { move: 'orthopaedic_outpatients > surgery (first)', n: null, suppressed: true },
      { move: 'start > gp_consultations (first)', n: 9, suppressed: false },
      { move: 'surgery > community_rehab (first)', n: 9, suppressed: false },
    ].sort((a, b) => a.move.localeCompare(b.move)));
    expect(await db.all(`select * from flow_withheld`)).toEqual([]);
  });

  it('leaves no hidden move to be worked out from the ICB row, the summary’s step counts or a step’s moves', async () => {
    await run(3);
    expect(await loneHiddenGroups(db, TRANSITION_CELLS)).toEqual([]);
    const rows = await publishedWithTotals(db);
    expect(rows.filter((r) => r.suppressed).length).toBeGreaterThan(0);
    expect(attackBySubtraction(rows, ['provider_code', 'from_step', 'to_key'], TRANSITION_CELLS.margins.map((m) => ({ ...m })), ['n_episodes'])).toEqual([]);
  });

  it('gives no hidden £ away either: the first arrivals into a step add up to its £ in pathway_summary, a return carries none', async () => {
    await run(3);
    const steps = await db.all<{ step: string; summary: number; first: number | null; hidden: number }>(`
      select s.step, s.total_gbp::double as summary, sum(t.to_cost_gbp) filter (where t.kind = 'first')::double as first,
        count(*) filter (where t.suppressed)::integer as hidden
      from pathway_summary s join step_transition t on t.provider_code = s.provider_code and t.to_step = s.step
      where s.provider_code = 'RA1' and s.month = 'all' and s.setting = 'all' and s.basis = 'actual'
      group by all order by s.step`);
    // imaging: £600 (4 × B's £100, A's two visits £200), all in the shown first arrival from physio; A's hidden
    // return carries no £, so £600 less the shown moves is 0, not A's £100.
    expect(steps.find((s) => s.step === 'imaging')).toEqual({ step: 'imaging', summary: 600, first: 600, hidden: 1 });
    for (const s of steps.filter((x) => x.hidden === 0)) expect(s.first, s.step).toBe(s.summary);
    expect(await db.all(`select count(*)::integer as n from step_transition where kind = 'return' and to_cost_gbp is not null`)).toEqual([{ n: 0 }]);
  });

  it('proves the attack fires: showing T&O → surgery gives imaging → surgery away (9 − 8 = 1)', async () => {
    await run(3);
    await db.run(`update step_transition set suppressed = false, n_episodes = 8 where from_step = 'orthopaedic_outpatients' and to_step = 'surgery'`);
    const found = attackBySubtraction(await publishedWithTotals(db), ['provider_code', 'from_step', 'to_key'], TRANSITION_CELLS.margins.map((m) => ({ ...m })), ['n_episodes']);
    expect(found).toContainEqual({ along: 'from_step', cell: { provider_code: 'RA1', from_step: 'imaging', to_key: 'surgery|first' }, values: { n_episodes: 1 } });
  });

  it('lists both sequences (5 and 4 episodes) and no "other"', async () => {
    await run(3);
    const rows = await db.all(`select rank::integer as rank, sequence, n_episodes::integer as n, share, mean_cost_gbp::double as mean from step_sequence where provider_code = 'RA1' order by rank`);
    expect(rows).toEqual([
      // 4 × B (£8,650) and A (£8,829): (4 × 8,650 + 8,829) / 5
      { rank: 1, sequence: 'gp_consultations > msk_physio > imaging > orthopaedic_outpatients > surgery > community_rehab > follow_up_outpatients', n: 5, share: 0.5556, mean: 8685.8 },
      // D = 40 + 232 + 8,000 + 79 + 120
      { rank: 2, sequence: 'gp_consultations > orthopaedic_outpatients > surgery > community_rehab > follow_up_outpatients', n: 4, share: 0.4444, mean: 8471 },
    ]);
  });
});

/**
 * step_transition as published, plus the totals an attacker has from pathway_summary: each step's episodes are the
 * total of the first arrivals into it, and of the moves out of it when no return into it is listed.
 */
async function publishedWithTotals(db: Db) {
  const moves = await db.all<Record<string, unknown> & { suppressed: boolean; to_step: string; kind: string; provider_code: string }>(
    `select provider_code, from_step, to_step, kind, to_step || '|' || kind as to_key, n_episodes::double as n_episodes, suppressed from step_transition`);
  const steps = await db.all<{ provider_code: string; step: string; n_episodes: number | null; suppressed: boolean }>(
    `select provider_code, step, n_with_activity::double as n_episodes, suppressed from pathway_summary where month = 'all' and setting = 'all' and basis = 'actual'`);
  const returnsInto = new Set(moves.filter((m) => m.kind === 'return').map((m) => `${m.provider_code}|${m.to_step}`));
  const totals = steps.flatMap((s) => {
    const into = s.step === 'all' ? 'end' : s.step;
    const outOf = s.step === 'all' ? 'start' : s.step;
    const rows = [{ provider_code: s.provider_code, from_step: 'all', to_key: `${into}|first`, n_episodes: s.n_episodes, suppressed: s.suppressed }];
    if (!returnsInto.has(`${s.provider_code}|${outOf}`)) rows.push({ provider_code: s.provider_code, from_step: outOf, to_key: 'all', n_episodes: s.n_episodes, suppressed: s.suppressed });
    return rows;
  });
  return [...moves, ...totals];
}

// Two paths from GP and one from physio, all through surgery (threshold 8):
//   X (2): GP → surgery → rehab;  Y (10): GP → surgery → follow-up;  Z (10): physio → surgery → rehab
describe('a sequence the moves give away (a reviewer’s case)', () => {
  const x = (p: string) => [gp(`${p}G`, p, '2024-01-10'), surgery(`${p}S`, p), community(`${p}R`, p, '2024-06-20', 'PHYSIOTHERAPY')];
  const y = (p: string) => [gp(`${p}G`, p, '2024-01-10'), surgery(`${p}S`, p), op(`${p}F`, p, '2024-07-20', '110', 120)];
  const z = (p: string) => [community(`${p}P`, p, '2024-02-01', 'PHYSIOTHERAPY'), surgery(`${p}S`, p), community(`${p}R`, p, '2024-06-20', 'PHYSIOTHERAPY')];
  beforeEach(() => insertEpisodes([
    ...['X1', 'X2'].map((p): [string, typeof x] => [p, x]),
    ...Array.from({ length: 10 }, (_, i): [string, typeof y] => [`Y${i}`, y]),
    ...Array.from({ length: 10 }, (_, i): [string, typeof z] => [`Z${i}`, z]),
  ]));

  it('lists no sequence where the moves less the listed ones leave one way to split "other"', async () => {
    await run(8);
    // Every move is shown (12, 10, 12, 10, 12, 10). Listing Y's and Z's sequences would leave "other" = X's 2
    // episodes; listing Z's alone (Y's hidden with X's so that "other" is not small) leaves GP → surgery 12 and
    // surgery → rehab 12 − 10 = 2: X's sequence, 2 episodes. Nothing crosses X's there (Y's comes into surgery
    // from GP too), so nothing is listed: "other" holds all 22, the provider's episodes.
    expect(await db.all(`select count(*)::integer as n from step_transition where provider_code = 'RA1' and suppressed`)).toEqual([{ n: 0 }]);
    expect(await db.all(`select provider_code, rank::integer as rank, sequence, n_episodes::integer as n, suppressed from step_sequence order by provider_code`)).toEqual([
      { provider_code: 'ICB', rank: 1, sequence: 'other', n: 22, suppressed: false },
      { provider_code: 'RA1', rank: 1, sequence: 'other', n: 22, suppressed: false },
    ]);
  });

  it('also when the listed sequences fix the only way to split "other": the swapped halves would be listed ones', async () => {
    // W (10): physio → surgery → follow-up. Listed: GP → surgery → follow-up and physio → surgery → rehab (10
    // each); "other" = X (2) and W (10), which cross at surgery, but swapping them gives the two listed sequences,
    // whose counts are fixed: GP → surgery 12 − 10 listed = 2 = X. So nothing is listed here either.
    const w = (p: string) => [community(`${p}P`, p, '2024-02-01', 'PHYSIOTHERAPY'), surgery(`${p}S`, p), op(`${p}F`, p, '2024-07-20', '110', 120)];
    await insertEpisodes(Array.from({ length: 10 }, (_, i): [string, typeof w] => [`W${i}`, w]));
    await run(8);
    expect(await db.all(`select sequence, n_episodes::integer as n from step_sequence where provider_code = 'RA1'`)).toEqual([{ sequence: 'other', n: 32 }]);
  });
});

describe('sequences that cross in "other" stay listed', () => {
  // Through surgery from GP or physio, on to rehab or follow-up: 2, 3, 3 and 2 episodes; and 10 from T&O
  // outpatients straight to surgery, listed (threshold 8). "other" = the four crossing sequences (10): one episode
  // of GP → surgery → rehab and one of physio → surgery → follow-up could as well be one of each other pair, so no
  // count in "other" can be worked out from the moves.
  const route = (from: 'gp' | 'physio', to: 'rehab' | 'follow_up') => (p: string): ActivityRow[] => [
    from === 'gp' ? gp(`${p}G`, p, '2024-01-10') : community(`${p}P`, p, '2024-02-01', 'PHYSIOTHERAPY'),
    surgery(`${p}S`, p),
    to === 'rehab' ? community(`${p}R`, p, '2024-06-20', 'PHYSIOTHERAPY') : op(`${p}F`, p, '2024-07-20', '110', 120),
  ];
  const tando = (p: string): ActivityRow[] => [op(`${p}O`, p, '2024-04-01', '110', 232), surgery(`${p}S`, p)];
  beforeEach(() => {
    const many = (prefix: string, n: number, path: (p: string) => ActivityRow[]) => Array.from({ length: n }, (_, i): [string, typeof path] => [`${prefix}${i}`, path]);
    return insertEpisodes([...many('A', 2, route('gp', 'rehab')), ...many('B', 3, route('gp', 'follow_up')), ...many('C', 3, route('physio', 'rehab')), ...many('D', 2, route('physio', 'follow_up')), ...many('T', 10, tando)]);
  });

  it('lists T&O → surgery and puts the crossing four in "other"', async () => {
    await run(8);
    expect(await db.all(`select rank::integer as rank, sequence, n_episodes::integer as n from step_sequence where provider_code = 'RA1' order by rank`)).toEqual([
      { rank: 1, sequence: 'orthopaedic_outpatients > surgery', n: 10 },
      { rank: 2, sequence: 'other', n: 10 },
    ]);
  });
});
