// The published activity and the attribution rows store their vocabularies as ENUMs (createCompactTableSql): an
// ENUM orders by the position of its values, so they are listed in text order, and the tables sort and compare as
// text would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { createCompactTableSql, enumType } from '../../schemas/define.ts';
import { Activity, SETTINGS } from '../../schemas/tables/activity.ts';
import { ActivityAttribution } from '../../schemas/tables/activity-attribution.ts';
import type { PathwayDefinition } from '../../schemas/pathway.ts';
import { createPathwayTables } from '../../engine/pathway-stages.ts';
import { loadPathways } from '../../engine/pathways.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open({ threads: 2 });
  await db.run(createCompactTableSql(Activity, 'compact'));
});
afterAll(() => db?.close());

/** The modes as the schema lists them (the outpatient feed's, then the contacts' home_visit): not in text order. */
const MODES = Activity.columns.mode.values!;

describe('the compact activity table', () => {
  it('stores every enum column as an ENUM of its values, the rest as the schema says', async () => {
    const types = await db.all<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe compact)`);
    const enums = types.filter((t) => t.column_type.startsWith('ENUM')).map((t) => t.column_name);
    expect(enums.sort()).toEqual(['activity_type', 'cost_basis', 'cost_frequency', 'feed', 'first_attendance', 'mode', 'setting', 'status', 'unit']);
    expect(types.find((t) => t.column_name === 'patient_id')?.column_type).toBe('VARCHAR');
  });

  it('sorts an enum column as text, whatever order the schema lists its values in', async () => {
    expect([...MODES]).not.toEqual([...MODES].sort());
    await db.run(`create or replace table modes (mode ${enumType(Activity.columns.mode)})`);
    // inserted in the schema's order, read back sorted
    for (const mode of MODES) await db.run(`insert into modes values ($mode)`, { mode });
    const sorted = await db.all<{ mode: string }>(`select mode from modes order by mode`);
    expect(sorted.map((r) => r.mode)).toEqual([...MODES].sort());
    // and a comparison with text agrees with the text's
    const before = await db.all<{ mode: string }>(`select mode from modes where mode < 'telephone' order by mode`);
    expect(before.map((r) => r.mode)).toEqual(['face_to_face', 'home_visit', 'other']);
  });

  it('refuses a value outside the vocabulary instead of storing it', async () => {
    await expect(db.run(`insert into compact (feed, unit) values ('apc_spells', 'care_weeks')`)).rejects.toThrow(/care_weeks/);
  });
});

describe('the attribution rows', () => {
  let built: Db;
  let knee: PathwayDefinition;
  let diabetes: PathwayDefinition;
  beforeAll(async () => {
    [knee, diabetes] = await loadPathways(undefined, ['knee-replacement', 'type-2-diabetes']);
    built = await Db.open({ threads: 2 });
    await createPathwayTables(built, [knee, diabetes]);
  });
  afterAll(() => built?.close());

  it('store pathway, step, feed and phase as ENUMs of the build’s pathways and steps', async () => {
    const types = Object.fromEntries((await built.all<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe activity_attribution)`)).map((t) => [t.column_name, t.column_type]));
    expect(types.pathway_id).toBe(`ENUM('knee-replacement', 'type-2-diabetes')`);
    expect(types.phase).toBe(`ENUM('anchor', 'post', 'pre')`);
    expect(types.feed).toBe(enumType(ActivityAttribution.columns.feed));
    // knee costs unmatched activity to other_<setting>; the diabetes year leaves it outside, adding no other_ step
    const steps = [...knee.steps.map((s) => s.id), ...SETTINGS.map((s) => `other_${s}`), ...diabetes.steps.map((s) => s.id)].sort();
    expect(types.step).toBe(`ENUM(${steps.map((s) => `'${s}'`).join(', ')})`);
    expect(types.source_id).toBe('VARCHAR');
  });

  it('refuse a step no pathway of the build has, and accept every step a pathway can attribute', async () => {
    const row = { feed: 'gp_appointments', source: 'A1', patient: 'P1', share: 1, cost: 10, month: '2024-05', provider: 'Y00001' };
    const insert = (pathway: string, step: string) => built.run(`insert into activity_attribution (pathway_id, feed, source_id, patient_id, step, share, cost_gbp, month, provider_code)
      values ($pathway, $feed, $source, $patient, $step, $share, $cost, $month, $provider)`, { ...row, pathway, step });
    await insert('knee-replacement', 'other_primary');
    await insert('type-2-diabetes', diabetes.steps[0].id);
    await expect(insert('type-2-diabetes', 'other_primary_care')).rejects.toThrow(/other_primary_care/);
    await expect(insert('hip-replacement', 'other_primary')).rejects.toThrow(/hip-replacement/);
    const stored = await built.all<{ pathway_id: string; step: string }>(`select pathway_id, step from activity_attribution order by all`);
    expect(stored).toEqual([{ pathway_id: 'knee-replacement', step: 'other_primary' }, { pathway_id: 'type-2-diabetes', step: diabetes.steps[0].id }]);
  });
});
