// The published activity stores its fixed vocabularies as ENUMs (createCompactTableSql): an ENUM orders by the
// position of its values, so they are listed in text order, and the table sorts and compares as text would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { createCompactTableSql, enumType } from '../../schemas/define.ts';
import { Activity } from '../../schemas/tables/activity.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open({ threads: 2 });
  await db.run(createCompactTableSql(Activity, 'compact'));
});
afterAll(() => db?.close());

/** The modes as the schema lists them: not in text order (written before other, home_visit last). */
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
