// /api/provisional (the ICB's provisional share per anchor month, hidden when either part is small) and
// /api/labels (words for settings, feeds and reasons), on the hand-made fixture.
//
// knee-replacement, ICB by anchor month (fixture.ts: odd i in April, even i in May):
//   2024-04: RAA 6 + RBB 5 + RCC 3 + RDD 1 = 15 episodes, none provisional
//   2024-05: RAA 6 + RBB 4 + RCC 2 + RDD 1 = 13 episodes, 1 provisional (RAA-12): small, so the month is hidden
import { describe, expect, it } from 'vitest';
import { Db } from '../../engine/db.ts';
import { fixtureDir, inject, injectFixture, KEYS } from './helpers.ts';

const headers = { 'x-api-key': KEYS.analyst };

const fixtureApp = injectFixture();

describe('GET /api/provisional', () => {
  it('gives the share per month, hiding a month with fewer than 8 provisional episodes', async () => {
    const r = await fixtureApp().inject({ url: '/api/provisional?pathway=knee-replacement', headers });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      pathway_id: 'knee-replacement',
      items: [
        { month: '2024-04', n_episodes: 15, n_provisional: 0, provisional_share: 0, suppressed: false },
        { month: '2024-05', n_episodes: null, n_provisional: null, provisional_share: null, suppressed: true },
      ],
    });
  });

  it('hides a month whose complete episodes are few (15 − 14 = 1 would be given away)', async () => {
    const fx = await fixtureDir();
    const db = await Db.open({ path: `${fx.dir}/pathcost.duckdb` });
    // April: every knee episode but RAA-01 provisional
    await db.run(`update episode set status = 'provisional' where pathway_id = 'knee-replacement' and month = '2024-04' and episode_id <> 'knee-replacement:RAA-01'`);
    db.close();
    const app2 = await inject(fx.dir);
    const april = (await app2.inject({ url: '/api/provisional?pathway=knee-replacement', headers })).json().items[0];
    expect(april).toEqual({ month: '2024-04', n_episodes: null, n_provisional: null, provisional_share: null, suppressed: true });
    await app2.close();
    await fx.cleanup();
  });

  it('hides a month the summary hides (hip: 4 ICB episodes a month)', async () => {
    const items = (await fixtureApp().inject({ url: '/api/provisional?pathway=hip-replacement', headers })).json().items;
    expect(items.map((m: { suppressed: boolean }) => m.suppressed)).toEqual([true, true]);
  });

  it('404 for an unknown pathway; the pathway is required', async () => {
    expect((await fixtureApp().inject({ url: '/api/provisional?pathway=nope', headers })).statusCode).toBe(404);
    expect((await fixtureApp().inject({ url: '/api/provisional', headers })).statusCode).toBe(400);
  });
});

describe('GET /api/labels and step labels', () => {
  it('labels settings, feeds and quarantine reasons', async () => {
    const labels = (await fixtureApp().inject({ url: '/api/labels', headers })).json();
    expect(labels.settings).toContainEqual({ id: 'mental_health', label: 'Mental health' });
    expect(labels.feeds).toContainEqual({ id: 'apc_spells', label: 'Hospital admissions' });
    expect(labels.quarantine_reasons).toContainEqual({ id: 'bad_code', label: 'Invalid clinical code' });
  });

  it('/api/pathways labels every step a summary row can name, other_<setting> included', async () => {
    const knee = (await fixtureApp().inject({ url: '/api/pathways', headers })).json().items.find((p: { pathway_id: string }) => p.pathway_id === 'knee-replacement');
    expect(knee.steps).toContainEqual({ id: 'other_acute', label: 'Other acute hospital activity', phase: 'any' });
    const labelled = new Set(knee.steps.map((s: { id: string }) => s.id));
    const steps = (await fixtureApp().inject({ url: '/api/steps?pathway=knee-replacement', headers })).json().items;
    expect(steps.length).toBeGreaterThan(0);
    for (const row of steps) expect(labelled.has(row.step), row.step).toBe(true);
  });
});
