// GET /api/flows on the hand-made fixture (test/api/fixture.ts): knee episodes go GP (day −100) → surgery (day 0)
// → rehab (day 13) → end, RAA 1–3 on to an emergency readmission (day 15); hip episodes GP → surgery → end.
import { describe, expect, it } from 'vitest';
import { injectFixture, KEYS } from './helpers.ts';


const fixtureApp = injectFixture();

const flows = async (query: string) => {
  const r = await fixtureApp().inject({ url: `/api/flows?${query}`, headers: { 'x-api-key': KEYS.analyst } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const moves = (body: { transitions: Array<Record<string, unknown>> }) =>
  body.transitions.map((t) => [`${t.from_step} > ${t.to_step}`, t.kind, t.n_episodes, t.median_days, t.mean_to_cost_gbp, t.suppressed]);

describe('GET /api/flows', () => {
  it('RBB knee: every move of its 9 episodes, with days between and £ at the step moved to', async () => {
    const body = await flows('pathway=knee-replacement&provider=RBB');
    expect(body.withheld).toBe(false);
    expect(moves(body)).toEqual([
      ['community_rehab > end', 'first', 9, null, null, false],
      ['gp_consultations > surgery', 'first', 9, 100, 5000, false], // day −100 → day 0; surgery £5,000
      ['start > gp_consultations', 'first', 9, null, 200, false],
      ['surgery > community_rehab', 'first', 9, 13, 2800, false], // admission → day 13; RBB rehab £1,800 + £200 × i, mean over i = 1…9
    ]);
    // one sequence for all nine: (9 × £7,000 + £200 × 45) / 9 = £8,000
    expect(body.sequences).toEqual([{ pathway_id: 'knee-replacement', provider_code: 'RBB', rank: 1, sequence: 'gp_consultations > surgery > community_rehab', n_steps: 3, n_episodes: 9, share: 1, mean_cost_gbp: 8000, suppressed: false }]);
  });

  it('RCC (5 episodes) is hidden with its summary row: moves listed, no figures', async () => {
    const body = await flows('pathway=knee-replacement&provider=RCC');
    expect(body.transitions).toHaveLength(4);
    for (const t of body.transitions) expect([t.suppressed, t.n_episodes, t.median_days, t.to_cost_gbp, t.mean_to_cost_gbp]).toEqual([true, null, null, null, null]);
    expect(body.sequences).toEqual([{ pathway_id: 'knee-replacement', provider_code: 'RCC', rank: 1, sequence: 'other', n_steps: null, n_episodes: null, share: null, mean_cost_gbp: null, suppressed: true }]);
  });

  it('RAA knee is withheld: its three readmissions leave rehab beside rehab → end, and the summary hides its surgery', async () => {
    const body = await flows('pathway=knee-replacement&provider=RAA');
    expect(body.withheld).toBe(true);
    expect(body.transitions).toEqual([]);
    // its sequences: the three readmitted episodes (3) are hidden, so all twelve are "other" (£84,300 / 12)
    expect(body.sequences.map((s: Record<string, unknown>) => [s.sequence, s.n_episodes, s.mean_cost_gbp])).toEqual([['other', 12, 7025]]);
  });

  it('the ICB is the default provider', async () => {
    const body = await flows('pathway=hip-replacement');
    expect(body.provider_code).toBe('ICB');
    expect(moves(body)).toEqual([
      ['gp_consultations > surgery', 'first', 8, 100, 6000, false],
      ['start > gp_consultations', 'first', 8, null, 200, false],
      ['surgery > end', 'first', 8, null, null, false],
    ]);
  });

  it('400 for a bad provider code, 404 for one the pathway does not hold', async () => {
    expect((await fixtureApp().inject({ url: '/api/flows?pathway=knee-replacement&provider=R;1', headers: { 'x-api-key': KEYS.analyst } })).statusCode).toBe(400);
    expect((await fixtureApp().inject({ url: '/api/flows?pathway=hip-replacement&provider=RBB', headers: { 'x-api-key': KEYS.analyst } })).statusCode).toBe(404);
    expect((await fixtureApp().inject({ url: '/api/flows?pathway=knee-replacement' })).statusCode).toBe(401);
  });
});
