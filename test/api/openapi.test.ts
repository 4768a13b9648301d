// The OpenAPI document is the API's contract: checked for structure (OpenAPI 3.0 rules, every $ref resolves,
// every route documented) and snapshotted, so any change to it shows up in review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixtureDir, inject } from './helpers.ts';

let app: FastifyInstance;
let cleanup: () => Promise<void>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document
let doc: any;

beforeAll(async () => {
  const fx = await fixtureDir();
  cleanup = fx.cleanup;
  app = await inject(fx.dir);
  doc = (await app.inject({ url: '/openapi.json' })).json();
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
// Keywords of JSON Schema 2019+/OpenAPI 3.1 that an OpenAPI 3.0 schema object may not hold.
const NOT_IN_30 = ['const', 'prefixItems', '$defs', 'examples', 'unevaluatedProperties', '$schema', 'dependentRequired', 'contentEncoding'];

function walk(node: unknown, visit: (obj: Record<string, unknown>, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, visit, `${path}/${i}`));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
  }
}

function resolve(ref: string): unknown {
  return ref.replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.0.3 with info, tags and both security schemes', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info).toMatchObject({ title: 'pathcost API', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    expect(doc.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  it('documents every /api route the app serves, and nothing else', () => {
    const documented = Object.keys(doc.paths).sort();
    expect(documented).toEqual([
      '/api/cost-basis-mix', '/api/data-quality', '/api/distribution', '/api/episodes', '/api/episodes/{id}', '/api/flows', '/api/health', '/api/labels', '/api/ledger-reconciliation', '/api/manifests', '/api/me',
      '/api/outcomes', '/api/pathways', '/api/pathways/{id}', '/api/proms-linkage', '/api/provisional', '/api/reconciliation', '/api/scenarios', '/api/steps', '/api/summary', '/api/variation',
    ]);
    for (const path of documented) {
      for (const method of Object.keys(doc.paths[path])) expect(app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), `${method} ${path}`).toBe(true);
    }
    // Every top-level /api route in fastify's route tree is documented (children like /:id are checked above).
    const served = [...app.printRoutes({ commonPrefix: false }).matchAll(/(api\/[\w-]+)/g)].map((m) => `/${m[1]}`);
    expect(served.length).toBeGreaterThan(10);
    for (const path of served) expect(documented, path).toContain(path);
  });

  it('gives every operation tags, a summary, a JSON 200 and JSON errors; keyed ones declare security', () => {
    const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        expect(METHODS).toContain(method);
        expect(op.summary, path).toBeTruthy();
        for (const t of op.tags) expect(tags.has(t), `${path} tag ${t}`).toBe(true);
        expect(op.responses['200'].content['application/json'].schema, path).toBeDefined();
        if (path === '/api/health') expect(op.security).toBeUndefined();
        else {
          expect(op.security, path).toEqual([{ apiKey: [] }, { bearer: [] }]);
          for (const code of ['400', '401', '403']) expect(op.responses[code].content['application/json'].schema.allOf[0].$ref, `${path} ${code}`).toBe('#/components/schemas/ErrorResponse');
        }
      }
    }
  });

  it('declares parameters properly: in query or path, with a schema; path ones required and in the template', () => {
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const op of Object.values<any>(item)) {
        for (const p of op.parameters ?? []) {
          expect(['query', 'path']).toContain(p.in);
          expect(p.schema, `${path} ${p.name}`).toBeDefined();
          if (p.in === 'path') {
            expect(p.required).toBe(true);
            expect(path).toContain(`{${p.name}}`);
          }
        }
        for (const name of path.match(/\{(\w+)\}/g) ?? []) expect(op.parameters.some((p: { in: string; name: string }) => p.in === 'path' && `{${p.name}}` === name)).toBe(true);
      }
    }
  });

  it('every $ref resolves, and every component is used', () => {
    const refs = new Set<string>();
    walk(doc, (obj) => {
      if (typeof obj.$ref === 'string') refs.add(obj.$ref);
    });
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
    for (const name of Object.keys(doc.components.schemas)) expect(refs.has(`#/components/schemas/${name}`), name).toBe(true);
  });

  it('schemas keep to OpenAPI 3.0 (nullable, not type arrays; no 3.1-only keywords)', () => {
    walk(doc.components.schemas, (obj, path) => {
      // a `properties` map may name a field "type" (a scenario change's discriminator)
      if ('type' in obj && !path.endsWith('/properties')) expect(typeof obj.type, path).toBe('string');
      for (const k of NOT_IN_30) expect(k in obj && !path.includes('/properties') ? path : undefined).toBeUndefined();
      if ('exclusiveMinimum' in obj) expect(typeof obj.exclusiveMinimum, path).toBe('boolean');
    });
  });

  it('row schemas come from schemas/tables (same columns as the DuckDB tables)', () => {
    expect(Object.keys(doc.components.schemas.PathwaySummaryRow.properties)).toEqual(expect.arrayContaining(['pathway_id', 'provider_code', 'n_episodes', 'mean_gbp', 'suppressed']));
    expect(doc.components.schemas.EpisodeRow.properties.status.enum).toEqual(['complete', 'provisional']);
  });

  it('matches the snapshot (the contract: update it deliberately with vitest -u)', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.json');
  });
});
