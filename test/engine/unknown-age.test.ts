// A birth date after the episode began leaves the episode's age unknown and its patient row kept, so data_quality
// says how many episodes of each pathway have no age: here every patient's birth date is set to 1 January 2025, so
// every episode anchored before it has none (counted from the anchor dates, not from the ages; an annual cohort's
// year ends after it, so its 2024-25 episodes have an age of 0).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-unknown-age-'));
  await generateSampleData({ patients: 600, seed: 3, out: join(dir, 'in'), format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 20 });
  const patients = (await readFile(join(dir, 'in', 'patients.csv'), 'utf8')).split('\n');
  const at = patients[0].split(',').indexOf('birth_date');
  const reborn = patients.map((l, i) => (i === 0 || l === '' ? l : l.split(',').map((v, j) => (j === at ? '2025-01-01' : v)).join(',')));
  await writeFile(join(dir, 'in', 'patients.csv'), reborn.join('\n'));
  // every patient born in 2025 sets most social care aside (before_birth), which stops a build unless allowed
  await build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: '2025-06-30', maxQuarantinedShare: 1 });
  db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
}, 300_000);
afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('episodes without an age', () => {
  it('are counted per pathway in data_quality', async () => {
    const expected = await db.all<{ pathway: string; n: number }>(
      // an annual cohort's age is taken on its year's last day (anchor_end): born in the year is age 0, not unknown
      `select pathway_id as pathway, count(*)::int as n from episode
       where case when pathway_id in ('copd', 'type-2-diabetes') then anchor_end else anchor_start end < date '2025-01-01' group by all order by 1`);
    const reported = await db.all<{ pathway: string; n: number }>(
      `select replace("check", 'episodes_without_age:', '') as pathway, value::int as n from data_quality where "check" like 'episodes_without_age:%' order by 1`);
    expect(expected.find((r) => r.pathway === 'knee-replacement')?.n).toBeGreaterThan(0);
    expect(reported).toEqual(expected);
  });
});
