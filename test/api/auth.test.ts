// Keys and roles: 401 without a key, 403 below the route's role, 200 otherwise; keys never reach the log.
import { Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KeyRing, loadKeys } from '../../api/auth.ts';
import { KEYS, fixtureDir, get, inject, listen } from './helpers.ts';

let server: RunningServer;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await fixtureDir());
  server = await listen(dir);
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

const AGGREGATES = ['/api/me', '/api/pathways', '/api/pathways/knee-replacement', '/api/summary', '/api/variation', '/api/cost-basis-mix', '/api/steps?pathway=knee-replacement', '/api/distribution?pathway=knee-replacement', '/api/data-quality', '/api/reconciliation', '/api/ledger-reconciliation', '/api/manifests'];
const PATIENT_LEVEL = ['/api/episodes', '/api/episodes/knee-replacement:RAA-01'];
const PUBLIC = ['/api/health', '/', '/app.js', '/style.css', '/vendor/chart.umd.js', '/openapi.json', '/docs/'];

describe('roles', () => {
  it.each([...AGGREGATES, ...PATIENT_LEVEL])('%s answers 401 without a key, with a WWW-Authenticate challenge', async (path) => {
    const r = await get(server.url, path);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
    expect(r.json).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
  });

  it.each([...AGGREGATES, ...PATIENT_LEVEL])('%s answers 401 for an unknown key', async (path) => {
    const r = await fetch(`${server.url}${path}`, { headers: { 'x-api-key': 'not-a-real-key-000000' } });
    expect(r.status).toBe(401);
    expect((await r.json()).message).toBe('Unknown API key.');
  });

  it.each(AGGREGATES)('%s answers 200 to analyst, clinician and admin', async (path) => {
    for (const role of ['analyst', 'clinician', 'admin'] as const) expect((await get(server.url, path, role)).status, role).toBe(200);
  });

  it.each(PATIENT_LEVEL)('%s answers 403 to an analyst and 200 to clinician and admin', async (path) => {
    const r = await get(server.url, path, 'analyst');
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('This needs the clinician role; your key has the analyst role.');
    expect(r.text).not.toContain('PAT-');
    for (const role of ['clinician', 'admin'] as const) expect((await get(server.url, path, role)).status, role).toBe(200);
  });

  it.each(PUBLIC)('%s is public', async (path) => {
    expect((await get(server.url, path)).status).toBe(200);
  });

  it('accepts Authorization: Bearer as well as x-api-key', async () => {
    expect((await get(server.url, '/api/episodes', undefined, { authorization: `Bearer ${KEYS.clinician}` })).status).toBe(200);
    expect((await get(server.url, '/api/episodes', undefined, { authorization: `Basic ${KEYS.clinician}` })).status).toBe(401);
  });

  it('patient-level answers tell browsers not to store them', async () => {
    const r = await get(server.url, '/api/episodes', 'clinician');
    expect(r.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('key configuration', () => {
  it('reads PATHCOST_API_KEYS and a key file holding keys or their SHA-256', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'pathcost-keys-'));
    const file = join(tmp, 'keys.json');
    const digest = createHash('sha256').update('hashed-key-0123456789').digest('hex');
    await writeFile(file, JSON.stringify({ keys: [{ name: 'finance', role: 'analyst', key: 'file-key-0123456789' }, { name: 'ward', role: 'clinician', key_sha256: digest }] }));
    const config = await loadKeys({ file, env: 'env-key-0123456789:admin, other-key-0123456:analyst' });
    const ring = new KeyRing(config);
    expect(ring.lookup('file-key-0123456789')).toEqual({ name: 'finance', role: 'analyst' });
    expect(ring.lookup('hashed-key-0123456789')).toEqual({ name: 'ward', role: 'clinician' });
    expect(ring.lookup('env-key-0123456789')).toEqual({ name: 'env-1', role: 'admin' });
    expect(ring.lookup('other-key-0123456')).toEqual({ name: 'env-2', role: 'analyst' });
    expect(ring.lookup('nope')).toBeUndefined();
    await rm(tmp, { recursive: true });
  });

  it('rejects a malformed PATHCOST_API_KEYS or key file with a clear message', async () => {
    await expect(loadKeys({ env: 'key1:superuser' })).rejects.toThrow(/PATHCOST_API_KEYS is invalid/);
    const tmp = await mkdtemp(join(tmpdir(), 'pathcost-keys-'));
    await writeFile(join(tmp, 'bad.json'), JSON.stringify({ keys: [{ name: 'x', role: 'analyst' }] }));
    await expect(loadKeys({ file: join(tmp, 'bad.json') })).rejects.toThrow(/exactly one of key or key_sha256/);
    await rm(tmp, { recursive: true });
  });

  it('without configured keys, startServer makes one admin key for the process and prints it once', async () => {
    const lines: string[] = [];
    const saved = process.env.PATHCOST_API_KEYS;
    delete process.env.PATHCOST_API_KEYS;
    const dev = await listen(dir, { keys: undefined, print: (l: string) => lines.push(l) } as object);
    try {
      expect(dev.devKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(lines.join('\n')).toContain(`#key=${dev.devKey}`);
      const r = await fetch(`${dev.url}/api/episodes`, { headers: { 'x-api-key': dev.devKey! } });
      expect(r.status).toBe(200);
      expect((await get(dev.url, '/api/episodes')).status).toBe(401);
    } finally {
      await dev.close();
      if (saved !== undefined) process.env.PATHCOST_API_KEYS = saved;
    }
  });

  it('buildApp without keys answers 401 to every keyed endpoint (secure by default)', async () => {
    const app = await inject(dir, { keys: undefined });
    expect((await app.inject({ url: '/api/summary', headers: { 'x-api-key': KEYS.admin } })).statusCode).toBe(401);
    await app.close();
  });
});

describe('logging', () => {
  it('never writes a key to the log, whichever header (or query parameter) carries it', async () => {
    let log = '';
    const stream = new Writable({ write: (chunk, _enc, done) => ((log += chunk.toString()), done()) });
    const app = await inject(dir, { logger: { level: 'trace', stream, serializers: { req: (req: { headers: unknown; url: string }) => ({ url: req.url, headers: req.headers }) } } });
    await app.inject({ url: '/api/summary', headers: { 'x-api-key': KEYS.analyst } });
    await app.inject({ url: '/api/summary', headers: { authorization: `Bearer ${KEYS.admin}` } });
    await app.inject({ url: '/api/episodes', headers: { 'x-api-key': KEYS.analyst } });
    // refused (a key is never read from the query string), but the request line is logged first
    await app.inject({ url: `/api/summary?limit=1&api_key=${KEYS.clinician}` });
    await app.inject({ url: `/api/summary?token=${KEYS.admin}&limit=1` });
    await app.close();
    expect(log).toContain('/api/summary?limit=1&api_key=[redacted]');
    expect(log).toContain('analyst-tester');
    expect(log).toContain('[redacted]');
    for (const key of Object.values(KEYS)) expect(log).not.toContain(key);
  });
});

describe('rate limiting', () => {
  it('answers 429 past the limit, with the JSON error shape', async () => {
    const app = await inject(dir, { rateLimit: { max: 3, timeWindow: '1 minute' } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/api/health' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const r = await app.inject({ url: '/api/summary', headers: { 'x-api-key': KEYS.analyst } });
    expect(r.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    await app.close();
  });
});
