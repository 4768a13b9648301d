// Unknown pathways, providers and steps are 404 on every endpoint; wrong methods are 405 with Allow; no error
// repeats long input; step ids follow one pattern in the pathway schema and the API.
import { describe, expect, it } from 'vitest';
import { StepId } from '../../schemas/api/common.ts';
import { Step } from '../../schemas/pathway.ts';
import { injectFixture, KEYS } from './helpers.ts';

const headers = { 'x-api-key': KEYS.admin };

const fixtureApp = injectFixture();

const get = (url: string) => fixtureApp().inject({ url, headers });

// Every keyed endpoint that takes a pathway, with the rest of a valid query.
const BY_PATHWAY = ['/api/summary?', '/api/steps?', '/api/distribution?', '/api/flows?', '/api/variation?', '/api/episodes?', '/api/reconciliation?'];

describe('404 for what the build does not hold', () => {
  it.each(BY_PATHWAY)('%s pathway=no-such-pathway → 404 naming the pathway', async (path) => {
    const r = await get(`${path}pathway=no-such-pathway`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: "Pathway 'no-such-pathway' not found." });
  });

  it.each(BY_PATHWAY.filter((p) => !p.includes('reconciliation')))('%s provider=ZZZ (no episodes anywhere) → 404', async (path) => {
    const r = await get(`${path}pathway=knee-replacement&provider=ZZZ`);
    expect(r.statusCode).toBe(404);
    expect(r.json().message).toBe("Provider 'ZZZ' in knee-replacement not found.");
  });

  it('a provider is known per pathway: RBB anchors knee but not hip episodes', async () => {
    expect((await get('/api/summary?pathway=knee-replacement&provider=RBB')).statusCode).toBe(200);
    expect((await get('/api/summary?pathway=hip-replacement&provider=RBB')).statusCode).toBe(404);
    // with no pathway named, any pathway's providers count
    expect((await get('/api/summary?provider=RBB')).statusCode).toBe(200);
  });

  it('ICB is a provider of every pathway', async () => {
    expect((await get('/api/distribution?pathway=hip-replacement&provider=ICB')).statusCode).toBe(200);
  });

  it('reconciliation checks the organisations with activity (RY1 runs rehab, anchors nothing)', async () => {
    expect((await get('/api/reconciliation?provider=RY1')).statusCode).toBe(200);
    expect((await get('/api/reconciliation?provider=RZZ')).statusCode).toBe(404);
    expect((await get('/api/summary?provider=RY1')).statusCode).toBe(404);
  });

  it('ledger reconciliation checks the providers with a ledger', async () => {
    expect((await get('/api/ledger-reconciliation?provider=RBB')).statusCode).toBe(200);
    expect((await get('/api/ledger-reconciliation?provider=RCC')).statusCode).toBe(404);
  });

  it('steps: as defined or as built, per pathway; "all" always', async () => {
    expect((await get('/api/summary?pathway=knee-replacement&step=community_rehab')).statusCode).toBe(200);
    expect((await get('/api/summary?pathway=knee-replacement&step=all')).statusCode).toBe(200);
    // defined in knee-replacement.json, with no activity in the fixture
    expect((await get('/api/summary?pathway=knee-replacement&step=imaging')).json()).toMatchObject({ items: [], total: 0 });
    const missing = await get('/api/summary?pathway=knee-replacement&step=no-such-step');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe("Step 'no-such-step' of knee-replacement not found.");
  });

  it('a month with nothing in it is still an empty page (months are not ids)', async () => {
    expect((await get('/api/summary?pathway=knee-replacement&month=2030-01')).json()).toMatchObject({ items: [], total: 0, next_offset: null });
  });

  it('an unknown id is 404 even when an ETag for its URL is offered (the check runs before the cache)', async () => {
    const r = await fixtureApp().inject({ url: '/api/summary?pathway=nope', headers: { ...headers, 'if-none-match': '*' } });
    expect(r.statusCode).toBe(404);
  });
});

describe('405 for the wrong method', () => {
  it.each([
    ['POST', '/api/summary'],
    ['PUT', '/api/pathways/knee-replacement'],
    ['DELETE', '/api/episodes/knee-replacement:RAA-01'],
    ['PATCH', '/api/health'],
    ['POST', '/'],
  ])('%s %s → 405 with Allow: GET, HEAD', async (method, url) => {
    const r = await fixtureApp().inject({ method: method as 'POST', url, headers, payload: method === 'DELETE' ? undefined : '{}' });
    expect(r.statusCode).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(r.json()).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('a path that is no route is still 404', async () => {
    expect((await fixtureApp().inject({ method: 'POST', url: '/api/nothing', headers })).statusCode).toBe(404);
  });
});

describe('errors never repeat long input', () => {
  const long = 'x'.repeat(5000);
  it.each([
    `/api/pathways/${long}`,
    `/api/episodes/${long}`,
    `/api/${long}`,
    `/api/summary?pathway=${long}`,
    `/api/summary?${long}=1`,
  ])('%#: a 5,000-character id or name gives a short answer without it', async (url) => {
    for (const method of ['GET', 'POST'] as const) {
      const r = await fixtureApp().inject({ method, url, headers });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.body.length, url).toBeLessThan(300);
      expect(r.body).not.toContain('x'.repeat(81));
      expect(r.json()).toHaveProperty('code');
    }
  });

  it('a short unknown path is named', async () => {
    expect((await get('/api/nothing-here')).json().message).toBe('No route GET /api/nothing-here.');
  });
});

describe('step ids: one pattern', () => {
  const step = (id: string) => Step.safeParse({ id, label: 'A step', phase: 'pre' }).success;
  it.each(['pre-op_assessment', 'physio', 'other_acute', 'x1'])('%s is valid in a definition and as an API step filter', (id) => {
    expect(step(id)).toBe(true);
    expect(StepId.safeParse(id).success).toBe(true);
  });
  it.each(['Physio', '1st', 'a b', '_x', 'x'.repeat(65)])('%s is refused by both', (id) => {
    expect(step(id)).toBe(false);
    expect(StepId.safeParse(id).success).toBe(false);
  });
  it('"all" is the all-steps margin: a filter value, never a step of a definition', () => {
    expect(step('all')).toBe(false);
    expect(StepId.safeParse('all').success).toBe(true);
  });
  it('the API finds a hyphenated step of a definition (no 400 on the way)', async () => {
    const r = await get('/api/summary?pathway=knee-replacement&step=pre-op');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('NOT_FOUND');
  });
});
