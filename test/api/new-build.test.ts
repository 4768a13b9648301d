// A running server notices a new build in its data folder and serves it without a restart: the engine's
// real build swaps the folder in under a listening server, and the next requests see the new run id, its
// threshold and its figures, with no answer from the old build's cache and no failed request during the swap.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { swapIn } from '../../engine/stages/08-publish/index.ts';
import { generateSampleData } from '../../sample-data/generate.ts';
import { LiveBuild } from '../../api/live-build.ts';
import type { RunningServer } from '../../api/server.ts';
import { buildFixture } from './fixture.ts';
import { get, listen } from './helpers.ts';

let dir: string;
let out: string;
let server: RunningServer;
let first: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-new-build-'));
  out = join(dir, 'out');
  await generateSampleData({ patients: 600, seed: 3, out: join(dir, 'in'), format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 20 });
  first = (await build({ input: join(dir, 'in'), out, asOf: '2025-06-30', suppressionThreshold: 8 })).runId;
  server = await listen(out, { checkBuildEveryMs: 200, rateLimit: false });
}, 300_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const SUMMARY = '/api/summary?pathway=knee-replacement&month=all&step=all&setting=all&basis=actual';

async function healthUntil(runId: string, ms = 20_000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const health = (await get(server.url, '/api/health')).json;
    if (health.run_id === runId) return health;
  }
  throw new Error(`the server did not serve run ${runId} within ${ms} ms`);
}

describe('a rebuild under a running server', () => {
  it('is served on the next requests: new run id, threshold, ETags and figures; no failed request on the way', async () => {
    expect((await get(server.url, '/api/health')).json).toMatchObject({ run_id: first, suppression_threshold: 8 });
    const before = await get(server.url, SUMMARY, 'analyst');
    expect((await get(server.url, SUMMARY, 'analyst')).headers.get('x-cache')).toBe('hit');
    expect(before.headers.get('etag')).toContain(first);

    // Requests keep coming while the build writes and swaps the folder in.
    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (!stop) {
        statuses.push((await get(server.url, SUMMARY, 'analyst')).status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // A higher threshold is another run (the run id hashes the options) with other figures hidden.
    const second = (await build({ input: join(dir, 'in'), out, asOf: '2025-06-30', suppressionThreshold: 12 })).runId;
    expect(second).not.toBe(first);
    const health = await healthUntil(second);
    stop = true;
    await traffic;

    expect(health.suppression_threshold).toBe(12);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const after = await get(server.url, SUMMARY, 'analyst');
    expect(after.headers.get('etag')).toContain(second);
    expect(after.text).not.toBe(before.text);
    // The ICB's 10 knee episodes (seed 3) are published under a threshold of 8 and hidden under 12.
    const icb = (page: { items: Array<{ provider_code: string }> }) => page.items.find((r) => r.provider_code === 'ICB');
    expect(icb(before.json)).toMatchObject({ n_episodes: 10, suppressed: false });
    expect(icb(after.json)).toMatchObject({ n_episodes: null, mean_gbp: null, suppressed: true });
    // An old ETag is not current any more.
    const revalidated = await get(server.url, SUMMARY, 'analyst', { 'if-none-match': before.headers.get('etag')! });
    expect(revalidated.status).toBe(200);
  });

  it('with the same run id (an extract corrected in the middle keeps its size and its first and last MiB) drops the cached answers', async () => {
    const before = await get(server.url, SUMMARY, 'analyst');
    expect((await get(server.url, SUMMARY, 'analyst')).headers.get('x-cache')).toBe('hit');
    const builtAt = (await get(server.url, '/api/health')).json.built_at;
    const again = (await build({ input: join(dir, 'in'), out, asOf: '2025-06-30', suppressionThreshold: 12 })).runId;
    expect(again).toBe((await get(server.url, '/api/health')).json.run_id);
    for (const end = Date.now() + 20_000; (await get(server.url, '/api/health')).json.built_at === builtAt && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
    const after = await get(server.url, SUMMARY, 'analyst');
    expect(after.headers.get('x-cache')).toBeNull();
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await get(server.url, SUMMARY, 'analyst', { 'if-none-match': before.headers.get('etag')! })).status).toBe(200);
  });
});

describe('LiveBuild', () => {
  it('keeps an old build open for the request that holds it, then closes it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pathcost-live-'));
    const data = join(root, 'out');
    await buildFixture(data);
    const live = await LiveBuild.open(data, { poolSize: 1, checkEveryMs: 0 });
    try {
      const old = await live.forRequest();
      old.acquire();
      await buildFixture(`${data}.staging`);
      await swapIn(`${data}.staging`, data);
      const next = await live.forRequest();
      expect(next).not.toBe(old);
      // the request that started on the old build still reads it
      expect(await old.db.all('select count(*)::integer as n from episode')).toEqual([{ n: 36 }]);
      old.release();
      await expect(old.db.all('select 1')).rejects.toThrow();
      expect(await next.db.all('select count(*)::integer as n from episode')).toEqual([{ n: 36 }]);
      // no new file: the same build
      expect(await live.forRequest()).toBe(next);
    } finally {
      live.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
