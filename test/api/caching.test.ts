// Pagination, ETags keyed on the build's run_id, the response cache, and Arrow IPC answers.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { RUN_ID } from './fixture.ts';
import { fixtureDir, get, KEYS, listen } from './helpers.ts';

let server: RunningServer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const fx = await fixtureDir();
  cleanup = fx.cleanup;
  server = await listen(fx.dir);
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

describe('pagination', () => {
  it('walks every row once, in a stable order, with next_offset', async () => {
    const all = (await get(server.url, '/api/episodes?limit=1000', 'clinician')).json;
    expect(all.total).toBe(36);
    const seen: string[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page: { items: Array<{ episode_id: string }>; next_offset: number | null; total: number } = (await get(server.url, `/api/episodes?limit=10&offset=${offset}`, 'clinician')).json;
      expect(page.total).toBe(36);
      seen.push(...page.items.map((e) => e.episode_id));
      offset = page.next_offset;
    }
    expect(seen).toEqual(all.items.map((e: { episode_id: string }) => e.episode_id));
    expect(new Set(seen).size).toBe(36);
  });

  it('a page past the end is empty but still gives the total', async () => {
    expect((await get(server.url, '/api/summary?offset=5000', 'analyst')).json).toMatchObject({ items: [], total: expect.any(Number), next_offset: null });
    expect((await get(server.url, '/api/summary?offset=5000', 'analyst')).json.total).toBeGreaterThan(0);
  });

  it('limit is capped at 1000', async () => {
    expect((await get(server.url, '/api/summary?limit=1000', 'analyst')).status).toBe(200);
    expect((await get(server.url, '/api/summary?limit=1001', 'analyst')).status).toBe(400);
  });
});

describe('ETags', () => {
  it('are keyed on the run_id and answer 304 to If-None-Match', async () => {
    const first = await get(server.url, '/api/summary?pathway=knee-replacement', 'analyst');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"${RUN_ID}-[0-9a-f]{16}"$`));
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toContain('Accept');
    const again = await get(server.url, '/api/summary?pathway=knee-replacement', 'analyst', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const weak = await get(server.url, '/api/summary?pathway=knee-replacement', 'analyst', { 'if-none-match': `W/${etag}` });
    expect(weak.status).toBe(304);
  });

  it('differ between URLs, and a 304 still needs a key', async () => {
    const a = (await get(server.url, '/api/summary?provider=RAA', 'analyst')).headers.get('etag')!;
    const b = (await get(server.url, '/api/summary?provider=RBB', 'analyst')).headers.get('etag');
    expect(a).not.toBe(b);
    expect((await get(server.url, '/api/summary?provider=RAA', undefined, { 'if-none-match': a })).status).toBe(401);
  });

  it('a repeated request is served from the cache with the same body', async () => {
    const url = '/api/steps?pathway=knee-replacement&basis=standardised';
    const one = await get(server.url, url, 'analyst');
    const two = await get(server.url, url, 'analyst');
    expect(two.headers.get('x-cache')).toBe('hit');
    expect(two.text).toBe(one.text);
    expect(two.headers.get('content-type')).toBe(one.headers.get('content-type'));
  });

  it('static assets carry content ETags', async () => {
    const app = await get(server.url, '/app.js');
    expect((await get(server.url, '/app.js', undefined, { 'if-none-match': app.headers.get('etag')! })).status).toBe(304);
  });
});

describe('Arrow IPC', () => {
  it('/api/summary answers an Arrow stream with the same page as the JSON', async () => {
    const url = `${server.url}/api/summary?pathway=knee-replacement&month=all&step=all&setting=all`;
    const json = await (await fetch(url, { headers: { 'x-api-key': KEYS.analyst } })).json();
    const res = await fetch(url, { headers: { 'x-api-key': KEYS.analyst, accept: 'application/vnd.apache.arrow.stream' } });
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(json.items.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual(Object.keys(json.items[0]));
    expect(table.getChild('provider_code')!.toArray()).toEqual(json.items.map((r: { provider_code: string }) => r.provider_code));
    expect([...table.getChild('mean_gbp')!]).toEqual(json.items.map((r: { mean_gbp: number | null }) => r.mean_gbp));
    expect([...table.getChild('n_episodes')!]).toEqual(json.items.map((r: { n_episodes: number | null }) => r.n_episodes));
  });
});
