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

  it('fails on a pathway attributed twice, naming the cells, and leaves the previous output whole', async () => {
    const pathways = join(dir, 'pathways');
    await mkdir(pathways, { recursive: true });
    await copyFile(join(DEFAULT_PATHWAYS_DIR, 'knee-replacement.json'), join(pathways, 'knee-replacement.json'));
    await copyFile(join(DEFAULT_PATHWAYS_DIR, 'knee-replacement.json'), join(pathways, 'knee-replacement-copy.json'));
    const before = await readFile(join(dir, 'out', 'parquet', 'reconciliation.parquet'));
    const failed = build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: AS_OF, pathwaysDir: pathways });
    await expect(failed).rejects.toMatchObject({ code: 'RECONCILIATION_FAILED' });
    // Each copy's reconciliation sets every in-episode pound against the attribution of both.
    await expect(failed).rejects.toThrow(/reconciliation cells differ by more than £0\.01 \(the 5 largest\): knee-replacement apc_spells R\w+ \d{4}-\d{2}: in £[\d.]+, attributed £[\d.]+/);
    expect(await readFile(join(dir, 'out', 'parquet', 'reconciliation.parquet'))).toEqual(before);
  }, 120_000);
});
