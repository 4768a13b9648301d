// The ICB's list of step sequences against its providers' top ten (the COPD leak of the 100,000-patient attack,
// in a few rows). Threshold 10; nothing is hidden by its own count.
//
//   P1: s01 … s10 with 20, 19, …, 11 episodes, and s11 with 10: its eleventh, so in P1's other (10)
//   P2: s11 with 20
//   ICB: s11 30 (P1 10 + P2 20), s01 … s10 20 … 11
//
// Ranked on counts alone the ICB would list s11 first (30), and 30 − P2's listed 20 = P1's 10, which P1 keeps in its
// other. So the ICB leaves s11 in its own other and lists s01 … s10 instead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { publishSequences } from '../../engine/stages/07-aggregate/step-flows.ts';
import { createTableSql } from '../../schemas/define.ts';
import { StepSequence } from '../../schemas/tables/index.ts';

const THRESHOLD = 10;
const P1 = Array.from({ length: 10 }, (_, i) => [`s${String(i + 1).padStart(2, '0')}`, 20 - i] as const);

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(createTableSql(StepSequence));
  await db.run(`create temp table sequence_stats (pathway_id varchar, provider_code varchar, sequence varchar, n_steps integer, n_episodes bigint, cost_gbp double)`);
  // no moves: only the listing rules of this file are at work (the moves' check is in step-flows.test.ts)
  await db.run(`create temp table transition_stats (pathway_id varchar, provider_code varchar, from_step varchar, to_step varchar, kind varchar, n_episodes bigint)`);
  const rows: Array<[string, string, number]> = [...P1.map(([s, n]) => ['P1', s, n] as [string, string, number]), ['P1', 's11', 10], ['P2', 's11', 20]];
  for (const [provider, sequence, n] of rows) {
    await db.run(`insert into sequence_stats values ('x', $provider, $sequence, 1, $n, $n * 100.0)`, { provider, sequence, n });
  }
  await db.run(`insert into sequence_stats select pathway_id, 'ICB', sequence, 1, sum(n_episodes), sum(cost_gbp) from sequence_stats group by all`);
  // no cell hidden by its own count: every sequence and every provider's total shown
  await db.run(`create temp table sequence_cells as
    select pathway_id, provider_code, sequence, n_episodes as size, false as hide from sequence_stats
    union all select distinct pathway_id, provider_code, 'all', 0, false from sequence_stats`);
  await publishSequences(db, THRESHOLD);
});
afterEach(() => db.close());

const listed = (provider: string) =>
  db.all<{ sequence: string; n: number }>(`select sequence, n_episodes::integer as n from step_sequence where provider_code = $provider order by rank`, { provider });

describe('the ICB lists no sequence one provider alone leaves unlisted', () => {
  it('keeps P1 to its top ten, with s11 in its other', async () => {
    expect(await listed('P1')).toEqual([...P1.map(([sequence, n]) => ({ sequence, n })), { sequence: 'other', n: 10 }]);
    expect(await listed('P2')).toEqual([{ sequence: 's11', n: 20 }]);
  });

  it('leaves s11 (30) in the ICB other, so 30 − 20 never appears', async () => {
    // the ICB's 185 episodes: s01 … s10 listed (20 + 19 + … + 11 = 155), s11's 30 in other
    expect(await listed('ICB')).toEqual([...P1.map(([sequence, n]) => ({ sequence, n })), { sequence: 'other', n: 30 }]);
  });
});
