// The API's hand-made fixture build (test/api/fixture.ts) with what a scenario needs worked out by hand:
// readmissions taken out (their three episodes hid the ICB's acute cells) and orthopaedic follow-ups added.
//   surgery                acute  bed_days     28 stays of 3 bed days (£5,000 each): 84 bed days
//   follow_up_outpatients  acute  attendances  2 per episode (28) at £192.28 (WF01A): 56 attendances, £10,767.68;
//                                              RAA's (12) and RBB's (9) shown: n = 42 attendances, £8,075.76
// RCC (5 episodes) and RDD (2) stay small, so their cells are hidden. Every episode has a follow-up: were 7 of
// the 28 without one, the ICB's follow-up cell would be hidden (28 − 21 = 7 episodes worked out by subtraction).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../engine/db.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { THRESHOLD, buildFixture } from '../api/fixture.ts';

/** The follow-ups in cells the build shows (RAA's and RBB's). */
export const FOLLOW_UPS = 42;
export const FOLLOW_UP_PRICE = 192.28;

const FOLLOW_UP_ROWS = `
insert into episode_step_cost by name
select episode_id, pathway_id, month, 'follow_up_outpatients' as step, 'acute' as setting, anchor_provider_code as provider_code,
  'total' as resource, 'national_unit_cost' as cost_basis, true as condition_related,
  2 * 192.28 as cost_gbp, 2 * 192.28 as standardised_cost_gbp, 2 as units, 'attendances' as unit, 2 as activities
from episode where pathway_id = 'knee-replacement'`;

/** `extra`: statements run on the built fixture after its summary (rows a test adds by hand, the summary as it was). */
export async function scenarioFixture(extra: string[] = []): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pathcost-scenario-'));
  await buildFixture(dir);
  const db = await Db.open({ path: join(dir, 'pathcost.duckdb') });
  try {
    await db.run(`delete from episode_step_cost where step = 'readmission'`);
    await db.run(FOLLOW_UP_ROWS);
    // the summary as a build would publish it from these cells (the scenario hides what it hides)
    await db.run(`delete from pathway_summary`);
    await buildSummary(db, THRESHOLD);
    for (const sql of extra) await db.run(sql);
    await db.run('checkpoint');
  } finally {
    db.close();
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
