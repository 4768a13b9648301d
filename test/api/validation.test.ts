// Bad parameters give 400 naming the parameter and never echo the value; failures give 500 without internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Db } from '../../engine/db.ts';
import { fixtureDir, inject, KEYS } from './helpers.ts';

let app: FastifyInstance;
let dir: string;
let cleanup: () => Promise<void>;
const headers = { 'x-api-key': KEYS.admin };

beforeAll(async () => {
  ({ dir, cleanup } = await fixtureDir());
  app = await inject(dir);
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

const ATTACKS = ["' OR 1=1 --", "RAA'; drop table episode; --", '1 union select * from manifest', '../../etc/passwd', '<script>alert(1)</script>', '%00', 'x'.repeat(500)];

const CASES: Array<[string, string]> = [
  ['/api/summary', 'provider'],
  ['/api/summary', 'pathway'],
  ['/api/summary', 'month'],
  ['/api/summary', 'step'],
  ['/api/summary', 'setting'],
  ['/api/summary', 'basis'],
  ['/api/variation', 'provider'],
  ['/api/variation', 'view'],
  ['/api/cost-basis-mix', 'provider'],
  ['/api/cost-basis-mix', 'pathway'],
  ['/api/steps?pathway=knee-replacement&x', 'provider'],
  ['/api/distribution?pathway=knee-replacement&x', 'month'],
  ['/api/episodes', 'flag'],
  ['/api/episodes', 'status'],
  ['/api/data-quality', 'check'],
  ['/api/data-quality', 'feed'],
  ['/api/reconciliation', 'provider'],
  ['/api/ledger-reconciliation', 'provider'],
  ['/api/ledger-reconciliation', 'month'],
];

describe('bad parameters', () => {
  it.each(CASES)('%s rejects SQL-shaped and other bad values of %s with 400 naming it', async (path, parameter) => {
    for (const attack of ATTACKS) {
      const url = `${path.replace('&x', '')}${path.includes('?') ? '&' : '?'}${parameter}=${encodeURIComponent(attack)}`;
      const r = await app.inject({ url, headers });
      expect(r.statusCode, url).toBe(400);
      const body = r.json();
      expect(body).toMatchObject({ statusCode: 400, code: 'BAD_OPTION', parameter });
      expect(body.message).toContain(`'${parameter}'`);
      expect(r.body).not.toContain(attack);
      expect(r.body).not.toMatch(/select|duckdb|stack|\.ts\b/i);
    }
  });

  it.each(["' OR 1=1 --", 'a b', 'x/y'])('path parameters are checked too: /api/episodes/%s', async (id) => {
    const r = await app.inject({ url: `/api/episodes/${encodeURIComponent(id)}`, headers });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ parameter: 'id', message: expect.stringContaining("path parameter 'id'") });
  });

  it('names an unknown parameter (a typo must not silently return everything)', async () => {
    const r = await app.inject({ url: '/api/summary?provder=RAA', headers });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ parameter: 'provder', message: "Unknown query parameter 'provder'." });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['provider=RAA&provider=RBB', 'provider'],
  ])('%s → 400 naming %s', async (qs, parameter) => {
    const r = await app.inject({ url: `/api/summary?${qs}`, headers });
    expect(r.statusCode).toBe(400);
    expect(r.json().parameter).toBe(parameter);
  });

  it('a required parameter that is missing is named', async () => {
    const r = await app.inject({ url: '/api/steps', headers });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ parameter: 'pathway' });
  });

  it('unknown routes are 404 JSON', async () => {
    const r = await app.inject({ url: '/api/nothing-here', headers });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('failures', () => {
  it('answer 500 with a request id and no internals (no SQL, no table names, no stack)', async () => {
    const broken = await fixtureDir();
    const db = await Db.open({ path: `${broken.dir}/pathcost.duckdb` });
    await db.run('drop table variation');
    db.close();
    const app2 = await inject(broken.dir);
    const r = await app2.inject({ url: '/api/variation', headers });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'SQL_FAILED', message: expect.stringMatching(/^Internal error; quote request id \S+ to the administrator\.$/) });
    expect(r.body).not.toMatch(/variation|select|catalog|duckdb/i);
    expect(r.headers.etag).toBeUndefined();
    await app2.close();
    await broken.cleanup();
  });

  it('a folder without a build fails at start with NO_BUILD and a hint', async () => {
    await expect(inject('/nonexistent/folder')).rejects.toMatchObject({ code: 'NO_BUILD', hint: expect.stringContaining('pathcost build') });
  });
});
