// Reconciliation from independent sums (issue 16): a correct attribution balances to the penny in every cell, and
// an attribution broken on purpose (a row counted twice, a row lost, a share above 1, overlapping windows) fails
// with RECONCILIATION_FAILED naming the cell.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { PathcostError } from '../../engine/errors.ts';
import { COMPRESSED_DATABASE, computePathways } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { attributeActivities, selectActivityScope } from '../../engine/stages/06-attribute/index.ts';
import { checkReconciled, publishAttribution, reconcile } from '../../engine/stages/07-aggregate/reconciliation.ts';
import { Activity } from '../../schemas/tables/activity.ts';
import type { PathwayInputs } from '../../engine/pathway-stages.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { createFixtureTables, pathwayInputs, electiveSpell, insertActivity, insertPatients } from '../helpers/activity-fixture.ts';

/** The attribute stage's collected rows of patients with an episode. */
const SCOPE = stageTable('activity', Activity, 'out');
let inputs: PathwayInputs;

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await createFixtureTables(db);
  await insertPatients(db, [{ patient_id: 'K1', birth_date: '1955-01-01' }, { patient_id: 'K9', birth_date: '1950-01-01' }]);
  // One knee episode: admitted 2024-06-10, discharged 2024-06-13, window 2023-06-11..2024-09-10.
  await insertActivity(db, [
    electiveSpell('S1', 'K1', '2024-06-10', '2024-06-13', 'W401', 8104.5),
    gp('G0', 'K1', '2023-06-10', 40), // a day before the window
    gp('G1', 'K1', '2023-06-11', 40),
    { feed: 'op_attendances', source_id: 'O1', patient_id: 'K1', setting: 'acute', activity_type: 'op_first', tfc: '110', start_date: '2024-03-01', cost_gbp: 232.07 },
    physio('C90', 'K1', '2024-09-10', 79.06),
    physio('C91', 'K1', '2024-09-11', 79.06),
    // £1,400 over 2024-08-28..2024-09-24 (28 days), 14 of them in the window.
    { feed: 'social_care_services', source_id: 'R1', patient_id: 'K1', setting: 'social_care', activity_type: 'social_care_service', provider_code: 'E06000001',
      start_date: '2024-08-28', end_date: '2024-09-24', cost_gbp: 1400, service_type: 'REABLEMENT', cost_basis: 'la_unit_cost' },
    { feed: 'prescriptions', source_id: 'P1', patient_id: 'K1', setting: 'prescribing', activity_type: 'prescription', provider_code: 'A81001', start_date: '2024-07-01', cost_gbp: 12.34 },
    gp('G9', 'K9', '2024-07-01', 40), // a patient with no episode: outside, and never in the scope
  ]);
  inputs = await pathwayInputs(db);
  await computePathways(db, await loadPathways(undefined, ['knee-replacement']), inputs, { coverageEnd: '2025-03-31' });
});
afterEach(() => db.close());

function gp(id: string, patient: string, date: string, cost: number) {
  return { feed: 'gp_appointments', source_id: id, patient_id: patient, setting: 'primary', activity_type: 'gp_appointment', provider_code: 'A81001', start_date: date, cost_gbp: cost, staff_role: 'GP' };
}
function physio(id: string, patient: string, date: string, cost: number) {
  return { feed: 'community_contacts', source_id: id, patient_id: patient, setting: 'community', activity_type: 'community_contact', provider_code: 'RC1', start_date: date, cost_gbp: cost };
}

async function cell(feed: string, month: string) {
  return db.one<Record<string, number>>(
    `select in_gbp::double as "in", attributed_gbp::double as attributed, outside_gbp::double as outside, difference_gbp::double as difference
     from reconciliation where feed = $feed and month = $month`, { feed, month });
}

/** Reconcile again after the attribution was tampered with, and return the error the check throws. */
async function reconcileAgain(): Promise<PathcostError> {
  await db.run('delete from reconciliation');
  const [knee] = await loadPathways(undefined, ['knee-replacement']);
  await reconcile(db, knee, { scope: SCOPE, totals: inputs.priced.totals, quarantine: inputs.priced.quarantine, ledger: inputs.ledger }, 'episodes_0');
  return checkReconciled(db).then(() => { throw new Error('reconciled, but the attribution was broken'); }, (e: PathcostError) => e);
}

/** Publish the attribute stage's table again (after it was broken) and reconcile. */
async function republish(): Promise<PathcostError> {
  await db.run('delete from activity_attribution');
  await publishAttribution(db, 'attributed_0');
  return reconcileAgain();
}

/** The build drops a pathway's attributed rows once aggregated: attribute again, break them, publish again. */
async function breakAttribution(sql: string): Promise<PathcostError> {
  const [knee] = await loadPathways(undefined, ['knee-replacement']);
  await attributeActivities(db, knee, { scope: SCOPE, providerMff: inputs.priced.providerMff }, 'episodes_0', 'attributed_0');
  await db.run(sql);
  return republish();
}

describe('reconciliation of a correct attribution', () => {
  it('balances every cell, with outside summed row by row', async () => {
    expect(await checkReconciled(db)).toBe(0);
    // G0 is a day before the window, G1 its first day: £40 in, £40 out.
    expect(await cell('gp_appointments', '2023-06')).toEqual({ in: 80, attributed: 40, outside: 40, difference: 0 });
    // £1,400 × 14/28 inside; the other half outside.
    expect(await cell('social_care_services', '2024-08')).toEqual({ in: 1400, attributed: 700, outside: 700, difference: 0 });
    // K9 has no episode: the whole £40 is outside.
    expect(await cell('gp_appointments', '2024-07')).toEqual({ in: 40, attributed: 0, outside: 40, difference: 0 });
  });

  it('keeps neither a pathway\'s attributed rows nor stage 7\'s largest intermediates once used (they would hold memory to the end)', async () => {
    const left = await db.all(`select table_name from duckdb_tables()
      where table_name like 'attributed_%' or table_name in ('compared_cost', 'compared_episode', 'flow_visits', 'flow_moves')`);
    expect(left).toEqual([]);
    // the comparison and the flows did run (each leaves its statistics)
    expect((await db.one<{ n: number }>(`select count(*)::int as n from duckdb_tables() where table_name in ('comparison_fit', 'transition_stats')`)).n).toBe(2);
  });

  it('holds the attribution rows compressed in memory once their pathway is published (plain, the 1M library’s took 0.5 GB)', async () => {
    expect(await db.all(`select database_name from duckdb_tables() where table_name = 'activity_attribution'`)).toEqual([{ database_name: COMPRESSED_DATABASE }]);
    const segments = await db.all<{ compression: string; n: number }>(`select compression, count(*)::int as n
      from pragma_storage_info('${COMPRESSED_DATABASE}.activity_attribution') where segment_type <> 'VALIDITY' group by all order by all`);
    // a plain in-memory table stores every segment uncompressed
    expect(segments.filter((s) => s.compression !== 'Uncompressed')).not.toEqual([]);
  });

  it('collects only rows in some window: G0 (a day before it) and C91 (a day after) are counted outside from the totals alone', async () => {
    expect(await db.all(`select source_id from out.activity order by source_id`)).toEqual(['C90', 'G1', 'O1', 'P1', 'R1', 'S1'].map((source_id) => ({ source_id })));
    expect(await cell('gp_appointments', '2023-06')).toEqual({ in: 80, attributed: 40, outside: 40, difference: 0 });
  });
});

describe('reconciliation of an attribution broken on purpose', () => {
  it('fails on a row counted twice, naming its cell', async () => {
    const e = await breakAttribution(`insert into attributed_0 select * from attributed_0 where source_id = 'G1'`);
    expect(e.code).toBe('RECONCILIATION_FAILED');
    // G0 + G1 = £80 in; G1 attributed twice = £80; outside G0 = £40: 80 − 80 − 40 = −£40.
    expect(e.message).toContain('1 reconciliation cell differs by more than £0.01');
    expect(e.message).toContain('knee-replacement gp_appointments A81001 2023-06: in £80.00, attributed £80.00, outside £40.00, quarantined £0.00, difference £-40.00');
  });

  it('fails on a lost row, naming its cell', async () => {
    await db.run(`delete from activity_attribution where source_id = 'O1'`);
    const e = await reconcileAgain();
    expect(e.code).toBe('RECONCILIATION_FAILED');
    expect(e.message).toContain('knee-replacement op_attendances RA1 2024-03: in £232.07, attributed £0.00, outside £0.00, quarantined £0.00, difference £232.07');
  });

  it('fails on a share above 1, naming its cell', async () => {
    const e = await breakAttribution(`update attributed_0 set share = 1.5, attributed_gbp = round(cost_gbp * 1.5, 2) where source_id = 'P1'`);
    expect(e.code).toBe('RECONCILIATION_FAILED');
    // £12.34 × 1.5 = £18.51 attributed of £12.34 in: 12.34 − 18.51 = −£6.17.
    expect(e.message).toContain('knee-replacement prescriptions A81001 2024-07: in £12.34, attributed £18.51, outside £0.00, quarantined £0.00, difference £-6.17');
  });

  it('fails when overlapping windows count days twice, naming every cell they touch', async () => {
    // A second episode over 2024-09-01..2024-09-20 overlaps the first (to 2024-09-10): a stage 5 fault.
    await db.run(`insert into episodes_0 select * replace ('knee-replacement:X' as episode_id, '2024-09-01'::date as window_start, '2024-09-20'::date as window_end) from episodes_0`);
    const [knee] = await loadPathways(undefined, ['knee-replacement']);
    // as a build would, after stage 5: the scope holds the rows of every window
    const scope = await selectActivityScope(db, inputs.priced, [{ def: knee, episodes: 'episodes_0' }], inputs.published);
    await attributeActivities(db, knee, { scope, providerMff: inputs.priced.providerMff }, 'episodes_0', 'attributed_0');
    const e = await republish();
    // Inside either window: 2024-08-28..2024-09-20. Reablement: 24 of 28 days = £1,200 inside, £200 outside; the
    // attribution counts 14 + 20 days = £700 + £1,000. C90 (day 2024-09-10) is in both windows, C91 in the second.
    expect(e.message).toContain('2 reconciliation cells differ');
    expect(e.message).toContain('knee-replacement social_care_services E06000001 2024-08: in £1400.00, attributed £1700.00, outside £200.00, quarantined £0.00, difference £-500.00');
    expect(e.message).toContain('knee-replacement community_contacts RC1 2024-09: in £158.12, attributed £237.18, outside £0.00, quarantined £0.00, difference £-79.06');
  });
});
