// POST /api/scenarios on the scenario fixture (test/helpers/scenario-fixture.ts): a valid scenario answers with
// the figures worked out by hand; a bad one is a 400 naming the field or the change; too large a body is a 413;
// keys and roles as for every aggregate (analyst is the least role, so any known key may ask; no key may not).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_BODY_LIMIT } from '../../schemas/scenario.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';
import { KEYS, inject } from './helpers.ts';

let app: FastifyInstance;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const fx = await scenarioFixture();
  cleanup = fx.cleanup;
  app = await inject(fx.dir);
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

const MOVE = { type: 'move', name: 'Half of follow-ups remote', step: 'follow_up_outpatients', unit: 'attendances', share: 0.5, to: { price: { ncc: { price_year: '2023/24', department: 'Consultant Led', currency_code: 'WF01C' } } } };
const body = (changes: unknown[] = [MOVE]) => ({ id: 'api-test', name: 'API test', pathway_id: 'knee-replacement', changes });
const post = (payload: unknown, role: keyof typeof KEYS | null = 'analyst', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/scenarios', payload: payload as object, headers: { ...(role ? { 'x-api-key': KEYS[role] } : {}), ...headers } });

describe('POST /api/scenarios', () => {
  it('answers a valid scenario with the hand-worked figures (42 follow-ups × 0.5 × £38.44 = £807.24 less)', async () => {
    const res = await post(body());
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const fu = r.cells.find((c: Record<string, string>) => c.provider_code === 'ICB' && c.step === 'follow_up_outpatients' && c.unit === 'attendances' && c.setting === 'acute');
    expect(fu.difference_gbp).toBe(-807.24);
    expect(r.waterfall.map((b: { gbp: number }) => b.gbp)).toEqual([226_467.68, -807.24, 225_660.44]);
    expect(r.prices[0]).toMatchObject({ gbp: 153.84, price_year: '2023/24' });
    expect(res.headers['cache-control']).not.toContain('public');
  });

  it('any known key may run one (analyst is the least role); no key or an unknown key is a 401', async () => {
    for (const role of ['clinician', 'admin'] as const) expect((await post(body([]), role)).statusCode).toBe(200);
    expect((await post(body(), null)).statusCode).toBe(401);
    expect((await post(body(), null, { 'x-api-key': 'not-a-key' })).statusCode).toBe(401);
  });

  it('a scenario that does not match the schema is a 400 naming the field', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [body([{ ...MOVE, share: 1.5 }]), 'changes.0.share', /between 0 and 1/],
      [body([{ ...MOVE, to: { price: { gbp: 150 } } }]), 'changes.0.to.price', /Invalid/],
      [body([{ ...MOVE, type: 'teleport' }]), 'changes.0.type', /Invalid/],
      [{ ...body(), pathway_id: "knee'; drop table episode; --" }, 'pathway_id', /lower case letters/],
      [{ ...body(), extra: 1 }, '', /Unknown|Unrecognized/i],
    ];
    for (const [payload, parameter, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, parameter).toBe(400);
      expect(res.json().message).toMatch(message);
      if (parameter) expect(res.json().parameter).toBe(parameter);
    }
  });

  it('a scenario the build cannot run is a 400 naming the change and what is wrong', async () => {
    const res = await post(body([{ ...MOVE, step: 'follow_up' }]));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Change 'Half of follow-ups remote' matches no activity in the build: no step 'follow_up'/);
    const pathway = await post({ ...body(), pathway_id: 'shoulder' });
    expect([pathway.statusCode, pathway.json().message]).toEqual([400, expect.stringMatching(/Pathway 'shoulder' has no episodes/)]);
  });

  it('too large a body is a 413; a body that is not JSON is refused', async () => {
    const big = { ...body(), description: 'x'.repeat(SCENARIO_BODY_LIMIT) };
    const res = await post(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().message).not.toContain('xxxx');
    const text = await app.inject({ method: 'POST', url: '/api/scenarios', payload: 'changes=1', headers: { 'x-api-key': KEYS.analyst, 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(400);
    expect(text.json().message).toMatch(/Invalid body/);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios', headers: { 'x-api-key': KEYS.analyst } })).statusCode).toBe(405);
  });
});
