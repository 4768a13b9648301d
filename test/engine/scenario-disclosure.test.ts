// Why a scenario leaves hidden cells as built, on four providers worked by hand (one step, setting and unit, so
// only the ICB margin links them). C and D are small (3 episodes), so hidden; the ICB and A, B are shown, and two
// hidden cells satisfy the complementary rule. Were a change to halve B and C, the ICB's difference less B's
// would be C's alone (−½ × C's cost). The engine's side (hidden cells held, the pattern the same in every run):
// scenario-cross-run.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { discloseScenario } from '../../engine/disclosure/scenario-cells.ts';

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(`
create temp table scenario_cells as
select * from (values
  ('ICB', 's', 'acute', 'u', 8000.0, 6300.0, 46, '|0;'),
  ('A',   's', 'acute', 'u', 4000.0, 4000.0, 20, ''),
  ('B',   's', 'acute', 'u', 2600.0, 1300.0, 20, '0;'),
  ('C',   's', 'acute', 'u',  800.0,  400.0,  3, '0;'),
  ('D',   's', 'acute', 'u',  600.0,  600.0,  3, '')
) v(provider_code, step, setting, unit, baseline_gbp, scenario_gbp, size, sig), (select false as hide, false as locked)`);
});
afterEach(() => db.close());

/** What an attacker gets: the ICB difference less the shown providers', when exactly one hidden provider changed. */
async function leakedDifference(): Promise<number | null> {
  const rows = await db.all<{ p: string; d: number; hide: boolean; sig: string }>(`select provider_code as p, (scenario_gbp - baseline_gbp)::double as d, hide, sig from scenario_cells`);
  const icb = rows.find((r) => r.p === 'ICB')!;
  const children = rows.filter((r) => r.p !== 'ICB');
  const hiddenChanged = children.filter((r) => r.hide && r.sig !== '');
  if (icb.hide || hiddenChanged.length !== 1) return null;
  return icb.d - children.filter((r) => !r.hide).reduce((s, r) => s + r.d, 0);
}

describe('scenario disclosure', () => {
  it('hides C and D, and complements alone would leave a change to C (and so its cost) to be worked out', async () => {
    await discloseScenario(db, 8);
    const hidden = await db.all<{ p: string }>(`select provider_code as p from scenario_cells where hide order by 1`);
    expect(hidden.map((r) => r.p)).toEqual(['C', 'D']);
    expect(await leakedDifference()).toBe(-400); // −½ × £800: C's cost is £800
  });
});
