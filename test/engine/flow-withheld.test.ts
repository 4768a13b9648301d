// A withheld provider beside moves no complement can cover (the hip fracture leak of the 100,000-patient attack,
// in a few rows). Threshold 10. Every episode starts at the anchor a (an emergency spell: nothing comes before it);
// b is reached from a only (like inpatient_stay_other); c from a or b; so start → a and a → b are the only moves
// into their steps, and c → end the only move out of c: each equals a summary step count and is never a complement.
//
//   P1 (40 episodes): 15 × a → b, 10 × a → b → c, 5 × a → c, 10 × z alone
//   P2 (50): 10 each of a → b, a → b → c, a → c, a alone, z alone
//   P3 (60): 12 each, the same paths as P2
//
// (z keeps every count the summary works out by subtraction large: P1's episodes without a are 10, without b 15.)
// P1's a → c (5) is small and sits beside a → b (25), so the summary's a (30) less its b (25) gives it away: P1 is
// withheld. Then along the ICB row every other member of start → a, a → b and c → end is fixed by the summary,
// so the ICB less P2 and P3 gave P1's moves away: start → a 118 − 40 − 48 = 30, a → b 69 − 20 − 24 = 25,
// c → end 59 − 20 − 24 = 15. P2, with fewer episodes than P3, is withheld with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { discloseStepFlows } from '../../engine/disclosure/flow-cells.ts';
import { discloseSummary } from '../../engine/disclosure/summary-cells.ts';
import { createTableSql } from '../../schemas/define.ts';
import { Reconciliation } from '../../schemas/tables/index.ts';
import { attackBySubtraction } from '../helpers/disclosure-attack.ts';

const THRESHOLD = 10;
const PATHS: Record<string, Array<[string[], number]>> = {
  P1: [[['a', 'b'], 15], [['a', 'b', 'c'], 10], [['a', 'c'], 5], [['z'], 10]],
  P2: [[['a', 'b'], 10], [['a', 'b', 'c'], 10], [['a', 'c'], 10], [['a'], 10], [['z'], 10]],
  P3: [[['a', 'b'], 12], [['a', 'b', 'c'], 12], [['a', 'c'], 12], [['a'], 12], [['z'], 12]],
};

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await insertStats(db);
  await db.run(createTableSql(Reconciliation)); // empty: no sum the summary must count as known
  await discloseSummary(db, THRESHOLD);
  await discloseStepFlows(db, THRESHOLD);
});
afterEach(() => db.close());

/** transition_stats, sequence_stats and summary_stats (all months, all settings) of PATHS, per provider and for the ICB. */
async function insertStats(db: Db): Promise<void> {
  await db.run(`create temp table paths (provider_code varchar, path varchar[], n integer)`);
  for (const [provider, paths] of Object.entries(PATHS)) {
    for (const [path, n] of paths) await db.run(`insert into paths values ($provider, $path::varchar[], $n)`, { provider, path: JSON.stringify(path), n });
  }
  await db.run(`create temp table by_provider as select * from paths union all select 'ICB', path, n from paths`);
  await db.run(`create temp table transition_stats as
    with nodes as (select provider_code, n, ['start'] || path || ['end'] as nodes from by_provider)
    select 'x' as pathway_id, provider_code, nodes[i - 1] as from_step, nodes[i] as to_step, 'first' as kind, sum(n) as n_episodes
    from nodes, range(2, len(nodes) + 1) r(i) group by all`);
  await db.run(`create temp table sequence_stats as
    select 'x' as pathway_id, provider_code, array_to_string(path, ' > ') as sequence, sum(n) as n_episodes from by_provider group by all`);
  await db.run(`create temp table summary_stats as
    with episodes as (select provider_code, sum(n) as n from by_provider group by all),
    steps as (select provider_code, unnest(path) as step, n from by_provider union all select provider_code, 'all', n from by_provider)
    select 'x' as pathway_id, s.provider_code, 'all' as month, s.step, 'all' as setting, b.basis, e.n as n_episodes, 0 as n_other, sum(s.n) as n_with_activity
    from steps s join episodes e using (provider_code), (values ('actual'), ('condition')) b(basis) group by all`);
}

/** The moves as an attacker has them along the ICB row: a withheld provider's are all hidden. */
async function movesAlongIcb(db: Db) {
  return db.all<{ provider_code: string; from_step: string; to_key: string; n: number | null; suppressed: boolean }>(`
    select c.provider_code, c.from_step, c.to_key, case when not c.hide then s.n_episodes::integer end as n, c.hide as suppressed
    from transition_cells c join transition_stats s
      on s.provider_code = c.provider_code and s.from_step = c.from_step and s.to_step || '|' || s.kind = c.to_key
    order by all`);
}

const attackAlongIcb = (rows: Awaited<ReturnType<typeof movesAlongIcb>>) =>
  attackBySubtraction(rows, ['provider_code', 'from_step', 'to_key'], [{ column: 'provider_code', total: 'ICB' }], ['n']);

describe('a withheld provider whose moves the ICB row would give away', () => {
  it('withholds P1 (a → c, 5 episodes, beside a → b that the summary fixes) and P2, the smaller of the others', async () => {
    expect(await db.all(`select provider_code from flow_withheld order by all`)).toEqual([{ provider_code: 'P1' }, { provider_code: 'P2' }]);
    const moves = await movesAlongIcb(db);
    expect(moves.filter((m) => m.provider_code === 'ICB').every((m) => !m.suppressed)).toBe(true);
    // a → end was P2's and P3's alone: hidden with P2's, then a → c, b → end and b → c so that no step of P3 gives it away
    expect(moves.filter((m) => m.provider_code === 'P3').map(({ from_step, to_key, n }) => `${from_step} > ${to_key} ${n ?? 'hidden'}`)).toEqual([
      'a > b|first 24', 'a > c|first hidden', 'a > end|first hidden', 'b > c|first hidden', 'b > end|first hidden', 'c > end|first 24', 'start > a|first 48',
      'start > z|first 12', 'z > end|first 12',
    ]);
  });

  it('leaves the ICB less P3 as P1 and P2 together: 118 − 48 = 70 start → a, nothing of one provider', async () => {
    expect(attackAlongIcb(await movesAlongIcb(db))).toEqual([]);
  });

  it('proves the attack fires: with P2 shown, the ICB less P2 and P3 gives P1’s 30, 25, 15 and 10 away', async () => {
    await db.run(`update transition_cells set hide = false where provider_code = 'P2'`);
    expect(attackAlongIcb(await movesAlongIcb(db))).toEqual([
      { along: 'provider_code', cell: { provider_code: 'P1', from_step: 'a', to_key: 'b|first' }, values: { n: 25 } },
      // and P3's a → end, hidden only to cover P2's: 22 − 10
      { along: 'provider_code', cell: { provider_code: 'P3', from_step: 'a', to_key: 'end|first' }, values: { n: 12 } },
      { along: 'provider_code', cell: { provider_code: 'P1', from_step: 'c', to_key: 'end|first' }, values: { n: 15 } },
      { along: 'provider_code', cell: { provider_code: 'P1', from_step: 'start', to_key: 'a|first' }, values: { n: 30 } },
      { along: 'provider_code', cell: { provider_code: 'P1', from_step: 'start', to_key: 'z|first' }, values: { n: 10 } },
      { along: 'provider_code', cell: { provider_code: 'P1', from_step: 'z', to_key: 'end|first' }, values: { n: 10 } },
    ]);
  });
});
