// The build's reconciliation check on generated data (issue 16): a correct build of a few thousand patients
// reconciles every cell to the penny from independent sums; a pathway attributed twice (two definitions with one
// id) fails with RECONCILIATION_FAILED naming the cells, and the previous output is left as it was.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { DEFAULT_PATHWAYS_DIR } from '../../engine/pathways.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

let dir: string;
const AS_OF = '2026-01-01';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-recon-'));
  await generateSampleData({ patients: 3_000, seed: 5, out: join(dir, 'in'), format: 'csv', faults: 0.005, from: '2023-04-01', to: '2025-03-31' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reconciliation in a build', () => {
  it('passes a correct build: every cell within £0.01, and each term summed on its own', async () => {
    const result = await build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: AS_OF });
    expect(result.reconciliationDifferenceGbp).toBe(0);
    const db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
    try {
      const r = await db.one<{ cells: number; attributed: number; outside: number; worst: number }>(
        `select count(*)::int cells, sum(attributed_gbp)::double attributed, sum(outside_gbp)::double outside, max(abs(difference_gbp))::double worst
         from reconciliation where feed <> 'cost_ledger'`);
      expect(r.cells).toBeGreaterThan(100);
      expect(r.attributed).toBeGreaterThan(0);
      expect(r.outside).toBeGreaterThan(r.attributed);
      expect(r.worst).toBe(0);
    } finally {
      db.close();
    }
  });

  // Two definitions with one id were the way to attribute a pathway twice in a build; loading now refuses them, so
  // the check's firing is proved on the stage (test/engine/reconciliation.test.ts breaks the attribution on purpose).
  it('refuses two definitions with one id before anything is touched, and leaves the previous output whole', async () => {
    const pathways = join(dir, 'pathways');
    await mkdir(pathways, { recursive: true });
    await copyFile(join(DEFAULT_PATHWAYS_DIR, 'knee-replacement.json'), join(pathways, 'knee-replacement.json'));
    await copyFile(join(DEFAULT_PATHWAYS_DIR, 'knee-replacement.json'), join(pathways, 'knee-replacement-copy.json'));
    const before = await readFile(join(dir, 'out', 'parquet', 'reconciliation.parquet'));
    const failed = build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: AS_OF, pathwaysDir: pathways });
    await expect(failed).rejects.toMatchObject({ code: 'BAD_DEFINITION' });
    await expect(failed).rejects.toThrow(/Two pathway definitions have the id "knee-replacement": \S*\/knee-replacement(-copy)?\.json and \S*\/knee-replacement(-copy)?\.json\./);
    expect(await readFile(join(dir, 'out', 'parquet', 'reconciliation.parquet'))).toEqual(before);
  }, 120_000);
});
