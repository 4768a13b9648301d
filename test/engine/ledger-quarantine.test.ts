// A cost ledger line set aside keeps its pounds in the reconciliation: the generated ledger with two bad lines
// appended (a month 13 of £1,370.81, a "maybe" attribution of £5,000) builds, and the pathway reconciliation's
// cost_ledger rows hold £6,370.81 more in, all of it quarantined, where the pounds vanished before.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

let dir: string;
const ledgerRows = async (out: string) => {
  const db = await Db.open({ path: join(out, 'pathcost.duckdb'), readOnly: true });
  try {
    return await db.one<{ inn: number; quarantined: number; non_attributable: number; diff: number }>(
      `select sum(in_gbp)::double inn, sum(quarantined_gbp)::double quarantined, sum(non_attributable_gbp)::double non_attributable, max(abs(difference_gbp))::double diff
       from reconciliation where pathway_id = 'knee-replacement' and feed = 'cost_ledger'`);
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-ledger-q-'));
  await generateSampleData({ patients: 600, seed: 3, out: join(dir, 'in'), format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 20 });
  await build({ input: join(dir, 'in'), out: join(dir, 'good'), asOf: '2025-06-30' });
  await appendFile(join(dir, 'in', 'cost_ledger.csv'), 'RXX01,2023-13,block_contract,false,1370.81\nRXX01,2024-05,corporate_overhead,maybe,5000.00\n');
  await build({ input: join(dir, 'in'), out: join(dir, 'bad'), asOf: '2025-06-30' });
}, 300_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('quarantined cost ledger lines', () => {
  it('are counted in and quarantined in the pathway reconciliation, to the penny', async () => {
    const good = await ledgerRows(join(dir, 'good'));
    const bad = await ledgerRows(join(dir, 'bad'));
    expect(good.quarantined).toBe(0);
    expect(bad.quarantined).toBe(6370.81);
    expect(Math.round((bad.inn - good.inn) * 100) / 100).toBe(6370.81);
    expect(bad.non_attributable).toBe(good.non_attributable);
    expect(bad.diff).toBe(0);
  });
});
