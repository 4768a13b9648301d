// Shared set-up for the API tests: the hand-made fixture build in a temporary folder, keys for each role, and
// a real server listening on 127.0.0.1 at an ephemeral port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { type AppOptions, buildApp } from '../../api/app.ts';
import { type RunningServer, startServer } from '../../api/server.ts';
import type { ApiKeyConfig } from '../../schemas/api/auth.ts';
import { Db } from '../../engine/db.ts';
import { buildFixture } from './fixture.ts';

export const KEYS = {
  analyst: 'analyst-key-3b1f0c9e5d7a',
  clinician: 'clinician-key-8e2d4a6b0c1f',
  admin: 'admin-key-5c7e9a1b3d2f',
} as const;

export const KEY_CONFIG: ApiKeyConfig = {
  keys: (Object.keys(KEYS) as Array<keyof typeof KEYS>).map((role) => ({ name: `${role}-tester`, role, key: KEYS[role] })),
};

export async function fixtureDir(threshold?: number): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pathcost-api-'));
  await buildFixture(dir, threshold);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function listen(dir: string, options: Partial<AppOptions> = {}): Promise<RunningServer> {
  return startServer({ dataDir: dir, port: 0, keys: structuredClone(KEY_CONFIG), logger: false, handleSignals: false, print: () => {}, poolSize: 2, ...options });
}

export function inject(dir: string, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ dataDir: dir, keys: structuredClone(KEY_CONFIG), logger: false, poolSize: 2, ...options });
}

/**
 * The fixture build served in-process for the whole test file (built before its tests, removed after them);
 * `adjust` changes the build's tables first (a case the fixture lacks).
 */
export function injectFixture(adjust?: (db: Db) => Promise<void>): () => FastifyInstance {
  let app: FastifyInstance | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fx = await fixtureDir();
    cleanup = fx.cleanup;
    if (adjust) {
      const db = await Db.open({ path: join(fx.dir, 'pathcost.duckdb') });
      try {
        await adjust(db);
        await db.run('checkpoint');
      } finally {
        db.close();
      }
    }
    app = await inject(fx.dir);
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });
  return () => app!;
}

/** The items of an in-process GET with the analyst's key (which must answer 200). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function analystItems(app: FastifyInstance, url: string): Promise<any[]> {
  const r = await app.inject({ url, headers: { 'x-api-key': KEYS.analyst } });
  expect(r.statusCode, url).toBe(200);
  return r.json().items;
}

/** GET with a role's key; the body parsed as JSON when it is JSON. */
export async function get(base: string, path: string, role?: keyof typeof KEYS, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers: { ...(role ? { 'x-api-key': KEYS[role] } : {}), ...headers } });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}
