// GET /api/outcomes and /api/proms-linkage on the hand-made fixture (fixture.ts + outcomes-fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { addOutcomeFixture } from './outcomes-fixture.ts';
import { fixtureDir, get, listen } from './helpers.ts';

let server: RunningServer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const fx = await fixtureDir();
  cleanup = fx.cleanup;
  await addOutcomeFixture(fx.dir);
  server = await listen(fx.dir);
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

describe('GET /api/outcomes', () => {
  it('gives each provider’s adjusted gain, limits, cost per point and the two O/E ratios', async () => {
    const r = await get(server.url, '/api/outcomes?pathway=knee-replacement&measure=oxford', 'analyst');
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(5);
    const raa = r.json.items.find((x: { provider_code: string }) => x.provider_code === 'RAA');
    expect(raa).toMatchObject({ measure: 'oxford', n_linked: 8, adjusted_gain: 18.1, lower_95: 11.7, upper_95: 20.7, outlier: 'within', cost_per_unit_gbp: 388.12, cost_oe: 0.9493, outcome_oe: 1.1098, suppressed: false });
  });

  it('shows no figure of a provider the engine suppressed, nor of one with fewer linked episodes than the threshold', async () => {
    const r = await get(server.url, '/api/outcomes?pathway=knee-replacement&measure=oxford', 'analyst');
    const byCode = Object.fromEntries(r.json.items.map((x: { provider_code: string }) => [x.provider_code, x]));
    // RCC: marked by the engine; RDD: 3 linked episodes reached the table unmarked, and pathway_summary hides RDD (2 episodes)
    for (const code of ['RCC', 'RDD']) {
      expect(byCode[code]).toMatchObject({ suppressed: true, n_linked: null, adjusted_gain: null, cost_per_unit_gbp: null, cost_oe: null, outcome_oe: null, outlier: null });
    }
    expect(byCode.ICB).toMatchObject({ suppressed: false, n_linked: 23, adjusted_gain: 16.2 });
    // hip RAA: pathway_summary shows it (8 episodes), but only 5 linked episodes, unmarked: the API hides it itself
    const hip = await get(server.url, '/api/outcomes?pathway=hip-replacement', 'analyst');
    expect(hip.json.items).toEqual([expect.objectContaining({ provider_code: 'RAA', suppressed: true, n_linked: null, adjusted_gain: null, cost_per_unit_gbp: null })]);
  });

  it('filters by provider and measure; 400 for a measure it does not know; 404 for an unknown provider; 401 without a key', async () => {
    const r = await get(server.url, '/api/outcomes?pathway=knee-replacement&provider=RBB', 'analyst');
    expect(r.json.items.map((x: { measure: string; cost_per_unit_gbp: number }) => [x.measure, x.cost_per_unit_gbp])).toEqual([['eq5d', 2909.09], ['oxford', 559.44]]);
    expect((await get(server.url, '/api/outcomes?measure=vas', 'analyst')).status).toBe(400);
    expect((await get(server.url, '/api/outcomes?pathway=knee-replacement&provider=ZZZ9', 'analyst')).status).toBe(404);
    expect((await get(server.url, '/api/outcomes')).status).toBe(401);
  });
});

describe('GET /api/proms-linkage', () => {
  it('gives participation and linkage per provider, suppressed rows empty', async () => {
    const r = await get(server.url, '/api/proms-linkage?pathway=knee-replacement', 'analyst');
    expect(r.status).toBe(200);
    expect(r.json.items.map((x: { provider_code: string; n_episodes: number | null; linkage_rate: number | null; suppressed: boolean }) => [x.provider_code, x.n_episodes, x.linkage_rate, x.suppressed])).toEqual([
      ['ICB', 28, 0.6786, false], ['RAA', 12, 0.6667, false], ['RBB', 9, 0.8889, false], ['RCC', null, null, true], ['RDD', null, null, true],
    ]);
  });
});
