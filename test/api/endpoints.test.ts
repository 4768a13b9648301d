// Every endpoint against a real listening server, with numbers worked out by hand from fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { RUN_ID } from './fixture.ts';
import { fixtureDir, get, listen } from './helpers.ts';

let server: RunningServer;
let cleanup: () => Promise<void>;
let base: string;

beforeAll(async () => {
  const fx = await fixtureDir();
  cleanup = fx.cleanup;
  server = await listen(fx.dir);
  base = server.url;
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are JSON from the wire
type Json = Record<string, any>;
const row = (items: Json[], match: Json): Json | undefined => items.find((r) => Object.entries(match).every(([k, v]) => r[k] === v));

describe('a real server on 127.0.0.1', () => {
  it('listens on loopback at an ephemeral port', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('GET /api/health is public and names the build', async () => {
    const r = await get(base, '/api/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok', run_id: RUN_ID, built_at: '2025-01-31T12:00:00Z', engine_version: '0.1.0', suppression_threshold: 8 });
  });

  it('GET /api/me names the key holder and role', async () => {
    expect((await get(base, '/api/me', 'clinician')).json).toEqual({ name: 'clinician-tester', role: 'clinician' });
  });

  it('GET /api/pathways lists definitions with steps, providers and months', async () => {
    const r = await get(base, '/api/pathways', 'analyst');
    expect(r.status).toBe(200);
    const knee = row(r.json.items, { pathway_id: 'knee-replacement' });
    expect(knee).toMatchObject({ name: 'Elective primary total knee replacement', providers: ['RAA', 'RBB', 'RCC', 'RDD'], months: ['2024-04', '2024-05'] });
    expect(knee?.steps[0]).toEqual({ id: 'surgery', label: 'Knee replacement spell', phase: 'anchor' });
    expect(r.json.items.map((p: { pathway_id: string }) => p.pathway_id)).toEqual(['hip-replacement', 'knee-replacement']);
  });

  it('GET /api/pathways/:id returns the definition; 404 for an unknown id', async () => {
    const r = await get(base, '/api/pathways/knee-replacement', 'analyst');
    expect(r.json.definition.window).toEqual({ lookback_days: 365, lookforward_days: 90 });
    expect(r.json.definition.code_lists.tkr_primary.codes).toContain('W40.1');
    const missing = await get(base, '/api/pathways/no-such-pathway', 'analyst');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('GET /api/summary gives the distribution per provider and for the ICB', async () => {
    const r = await get(base, '/api/summary?pathway=knee-replacement&month=all&step=all&setting=all&basis=actual', 'analyst');
    expect(r.status).toBe(200);
    // RAA: 12 × £6,000 + £100 × (1 + … + 12) + 3 × £1,500 = £84,300; mean £84,300 / 12 = £7,025
    expect(row(r.json.items, { provider_code: 'RAA' })).toMatchObject({ n_episodes: 12, total_gbp: 84300, mean_gbp: 7025, median_gbp: 6950, suppressed: false });
    // RBB: 9 × £7,000 + £200 × 45 = £72,000; ICB: £84,300 + £72,000 + £45,750 + £18,150 = £220,200 over 28
    expect(row(r.json.items, { provider_code: 'RBB' })).toMatchObject({ n_episodes: 9, total_gbp: 72000, mean_gbp: 8000 });
    expect(row(r.json.items, { provider_code: 'ICB' })).toMatchObject({ n_episodes: 28, total_gbp: 220200 });
    // RCC (5) and RDD (2) are both small: two hidden rows, so the ICB row needs no complementary provider.
    expect(row(r.json.items, { provider_code: 'RDD' })).toMatchObject({ n_episodes: null, total_gbp: null, suppressed: true });
    expect(r.json.total).toBe(5);
  });

  it('GET /api/variation gives funnel data', async () => {
    const r = await get(base, '/api/variation?pathway=knee-replacement&basis=actual&view=raw', 'analyst');
    expect(row(r.json.items, { provider_code: 'RAA' })).toMatchObject({ n_episodes: 12, observed_mean_gbp: 7025, oe_ratio: 0.9493, lower_95: 0.82, upper_998: 1.28, outlier: 'within' });
  });

  it('GET /api/cost-basis-mix gives each provider’s £ by cost basis', async () => {
    const r = await get(base, '/api/cost-basis-mix?pathway=knee-replacement', 'analyst');
    expect(r.status).toBe(200);
    // RAA £84,300: PLICS surgery 12 × £5,000 + readmissions 3 × £1,500 = £64,500; GP staff time 12 × £200 = £2,400
    // (0.0285); rehab at national unit costs 12 × £800 + £100 × 78 = £17,400. The summary hides RAA's 3 readmissions,
    // so the PLICS slice is hidden (£64,500 less surgery's shown £60,000 would be them), and national unit costs with
    // it (the complement: 12 episodes, first by name of the two slices of 12), or the total less GP time gives it.
    expect(r.json.items.filter((m: { provider_code: string }) => m.provider_code === 'RAA')).toEqual([
      { pathway_id: 'knee-replacement', provider_code: 'RAA', cost_basis: 'national_unit_cost', cost_gbp: null, share: null, suppressed: true },
      { pathway_id: 'knee-replacement', provider_code: 'RAA', cost_basis: 'plics_actual', cost_gbp: null, share: null, suppressed: true },
      { pathway_id: 'knee-replacement', provider_code: 'RAA', cost_basis: 'staff_time', cost_gbp: 2400, share: 0.0285, suppressed: false },
    ]);
    // RBB £72,000: PLICS 9 × £5,000 = £45,000 (0.625), GP 9 × £200 = £1,800 (0.025), rehab 9 × £1,800 + £200 × 45 = £25,200 (0.35)
    expect(row(r.json.items, { provider_code: 'RBB', cost_basis: 'plics_actual' })).toMatchObject({ cost_gbp: 45000, share: 0.625 });
    expect(row(r.json.items, { provider_code: 'RBB', cost_basis: 'national_unit_cost' })).toMatchObject({ cost_gbp: 25200, share: 0.35 });
    // RCC (5 episodes) and RDD (2) are hidden in the summary, so here too
    expect(row(r.json.items, { provider_code: 'RDD', cost_basis: 'plics_actual' })).toMatchObject({ cost_gbp: null, share: null, suppressed: true });
    expect(r.json.total).toBe(12); // 4 providers × 3 bases
  });
  it('GET /api/variation?target= works the opportunity out again over the shown providers, as the build would', async () => {
    const opportunity = async (target: string) => {
      const r = await get(base, `/api/variation?pathway=knee-replacement&target=${target}`, 'analyst');
      expect(r.status).toBe(200);
      return r.json.items.map((i: Record<string, unknown>) => [i.provider_code, i.target, i.target_gbp, i.opportunity_gbp]);
    };
    // Shown: RAA (adjusted £7,500, observed £7,025, n 12) and RBB (£8,300, £8,000, n 9); RCC and RDD are hidden and
    // count for nothing. The opportunity is the provider's own spend × (1 − target / adjusted).
    // Lower quartile of (7500, 8300) = 7700: RBB 9 × 8000 × (1 − 7700/8300) = 72000 × 600/8300 = 5204.82.
    expect(await opportunity('lower_quartile')).toEqual([['RAA', 'lower_quartile', 7700, 0], ['RBB', 'lower_quartile', 7700, 5204.82], ['RCC', 'lower_quartile', null, null], ['RDD', 'lower_quartile', null, null]]);
    // £7,000: RAA 12 × 7025 × 500/7500 = 5620; RBB 72000 × 1300/8300 = 11277.11.
    expect(await opportunity('7000')).toEqual([['RAA', 'amount', 7000, 5620], ['RBB', 'amount', 7000, 11277.11], ['RCC', 'amount', null, null], ['RDD', 'amount', null, null]]);
    // The build's median (7900) gives what the table holds: 72000 × 400/8300 = 3469.88.
    expect(await opportunity('median')).toEqual([['RAA', 'median', 7900, 0], ['RBB', 'median', 7900, 3469.88], ['RCC', 'median', null, null], ['RDD', 'median', null, null]]);
    const bad = await get(base, '/api/variation?target=best', 'analyst');
    expect(bad.status).toBe(400);
  });

  it('GET /api/steps aggregates episode_step_cost per provider and for the ICB', async () => {
    const r = await get(base, '/api/steps?pathway=knee-replacement', 'analyst');
    expect(r.status).toBe(200);
    // RBB surgery: 9 × £5,000 = £45,000, £5,000 per episode; rehab: 9 × £1,800 + £200 × 45 = £25,200, £2,800 per episode
    expect(row(r.json.items, { provider_code: 'RBB', step: 'surgery' })).toMatchObject({ provider_episodes: 9, n_episodes: 9, total_gbp: 45000, mean_per_episode_gbp: 5000, suppressed: false });
    expect(row(r.json.items, { provider_code: 'RBB', step: 'community_rehab' })).toMatchObject({ total_gbp: 25200, mean_per_episode_gbp: 2800 });
    // RAA's three readmissions are hidden, and its surgery with them (acute = surgery + readmission is published).
    expect(row(r.json.items, { provider_code: 'RAA', step: 'readmission' })).toMatchObject({ total_gbp: null, suppressed: true });
    expect(row(r.json.items, { provider_code: 'RAA', step: 'surgery' })).toMatchObject({ total_gbp: null, suppressed: true });
    // ICB rehab: RAA 12 × £800 + £100 × 78 + RBB £25,200 + RCC 5 × £3,800 + £50 × 15 + RDD 2 × £3,800 + £50 × 3
    // = £70,100 over 28 episodes; standardised is 0.9 × actual
    expect(row(r.json.items, { provider_code: 'ICB', step: 'community_rehab' })).toMatchObject({ n_episodes: 28, total_gbp: 70100, suppressed: false });
    // The ICB's acute is hidden (RAA's readmissions), and its community money is every reconciliation row of the
    // community feed added up: so primary, the one setting left, is hidden beside it, GP consultations with it.
    expect(row(r.json.items, { provider_code: 'ICB', step: 'gp_consultations' })).toMatchObject({ total_gbp: null, suppressed: true });
    const std = await get(base, '/api/steps?pathway=knee-replacement&basis=standardised&provider=ICB', 'analyst');
    expect(row(std.json.items, { step: 'community_rehab' })).toMatchObject({ total_gbp: 63090, basis: 'standardised' });
    expect(std.json.items.every((c: { provider_code: string }) => c.provider_code === 'ICB')).toBe(true);
  });

  it('GET /api/steps with relevance=condition leaves out activity not related to the condition', async () => {
    const r = await get(base, '/api/steps?pathway=knee-replacement&relevance=condition&provider=RBB', 'analyst');
    // RBB's condition-related cells are surgery and rehab: its GP consultations are not related (and it had no readmission).
    expect(r.json.items.map((c: { step: string }) => c.step).sort()).toEqual(['community_rehab', 'surgery']);
    const icb = await get(base, '/api/steps?pathway=knee-replacement&relevance=condition&provider=ICB', 'analyst');
    // The ICB's readmission cell is hidden in every basis (one pattern for all), so it shows no money here either.
    expect(icb.json.items.filter((c: { step: string }) => c.step === 'readmission').every((c: { total_gbp: null }) => c.total_gbp === null)).toBe(true);
  });

  it('GET /api/distribution gives a histogram of merged bins that add up to n, none of them small', async () => {
    const r = await get(base, '/api/distribution?pathway=knee-replacement', 'analyst');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ provider_code: 'ICB', n_episodes: 28, suppressed: false });
    expect(r.json.bins.length).toBeGreaterThan(1);
    expect(r.json.bins[0].lower_gbp).toBeNull();
    expect(r.json.bins.at(-1).upper_gbp).toBeNull();
    const counts: number[] = r.json.bins.map((b: { n_episodes: number }) => b.n_episodes);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(28);
    expect(counts.filter((n) => n > 0 && n < 8)).toEqual([]);
    for (const [i, b] of r.json.bins.entries()) if (i > 0) expect(b.lower_gbp).toBe(r.json.bins[i - 1].upper_gbp);
  });

  it('GET /api/distribution takes no bin count: one set of edges per pathway, month and basis, so answers cannot be subtracted', async () => {
    // With the caller's bin count, the episodes below an edge of one answer less those below a close edge of
    // another gave a small count between them.
    const r = await get(base, '/api/distribution?pathway=knee-replacement&bins=7', 'analyst');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('bins');
  });

  it('GET /api/episodes pages through episodes with filters', async () => {
    const r = await get(base, '/api/episodes?pathway=knee-replacement&provider=RAA&limit=5', 'clinician');
    expect(r.json).toMatchObject({ total: 12, limit: 5, offset: 0, next_offset: 5 });
    expect(r.json.items[0]).toMatchObject({ episode_id: 'knee-replacement:RAA-01', total_cost_gbp: 7600, flags: ['readmitted'], status: 'complete', los_days: 3 });
    const flagged = await get(base, '/api/episodes?flag=readmitted', 'clinician');
    expect(flagged.json.total).toBe(3);
    const provisional = await get(base, '/api/episodes?status=provisional', 'clinician');
    expect(provisional.json.items.map((e: { episode_id: string }) => e.episode_id)).toEqual(['knee-replacement:RAA-12']);
  });

  it('GET /api/episodes/:id gives the timeline with provenance', async () => {
    const r = await get(base, '/api/episodes/knee-replacement:RAA-01', 'clinician');
    expect(r.status).toBe(200);
    expect(r.json.episode).toMatchObject({ episode_id: 'knee-replacement:RAA-01', anchor_start: '2024-04-02', total_cost_gbp: 7600 });
    // £200 GP + £5,000 surgery + £900 rehab (£800 + £100 × 1) + £1,500 readmission = £7,600, in date order
    expect(r.json.timeline.map((t: { step: string }) => t.step)).toEqual(['gp_consultations', 'surgery', 'community_rehab', 'readmission']);
    expect(r.json.timeline.reduce((s: number, t: { cost_gbp: number }) => s + t.cost_gbp, 0)).toBe(7600);
    expect(r.json.timeline[1]).toMatchObject({ setting: 'acute', provider_code: 'RAA', start_date: '2024-04-02', cost_basis: 'plics_actual', price_year: '2024/25', price_source: 'apc_spells', hrg: 'HN22C', share: 1 });
    expect((await get(base, '/api/episodes/knee-replacement:ZZZ-99', 'clinician')).status).toBe(404);
  });

  it('GET /api/data-quality lists checks', async () => {
    const r = await get(base, '/api/data-quality?feed=apc_spells', 'analyst');
    expect(row(r.json.items, { check: 'rows_clean', month: '2024-04' })).toMatchObject({ value: 1234, suppressed: false });
    expect(row(r.json.items, { check: 'coverage' })).toMatchObject({ value: 0.72, detail: '72% of typical volume — light month' });
    expect((await get(base, '/api/data-quality?check=coverage', 'analyst')).json.total).toBe(1);
  });

  it('GET /api/reconciliation accounts for every pound', async () => {
    const r = await get(base, '/api/reconciliation?pathway=knee-replacement&feed=community_contacts&month=2024-04', 'analyst');
    // Rehab in April (odd i): RAA 6 × £800 + £100 × 36 = £8,400; RBB 5 × £1,800 + £200 × 25 = £14,000; RCC 3 × £3,800 + £50 × 9 = £11,850;
    // RDD 1 × £3,800 + £50 × 1 = £3,850
    expect(r.json.items).toEqual([
      { pathway_id: 'knee-replacement', feed: 'community_contacts', provider_code: 'RY1', month: '2024-04', in_gbp: 38100, attributed_gbp: 38100, outside_gbp: 0, quarantined_gbp: 0, non_attributable_gbp: 0, difference_gbp: 0, n_patients: 15, suppressed: false },
    ]);
  });

  it('GET /api/ledger-reconciliation sets supplied cost against each provider ledger', async () => {
    const r = await get(base, '/api/ledger-reconciliation?provider=RAA', 'analyst');
    expect(r.json.total).toBe(2);
    expect(r.json.items[1]).toEqual({
      provider_code: 'RAA', month: '2024-05', supplied_gbp: 103.5, priced_gbp: 150, ledger_gbp: 100, gap_gbp: 3.5, gap_share: 0.035, tolerance: 0.01, is_within_tolerance: false,
    });
    expect((await get(base, '/api/ledger-reconciliation?month=2024-04', 'analyst')).json.items.map((i: { provider_code: string }) => i.provider_code)).toEqual(['RAA', 'RBB']);
    // A ledger gap is money, not a count: 3.5 is shown, and its check name (with the provider) can be asked for.
    const gaps = await get(base, '/api/data-quality?check=ledger_gap:RAA', 'analyst');
    expect(gaps.json.items).toEqual([expect.objectContaining({ feed: 'cost_ledger', month: '2024-05', value: 3.5, suppressed: false })]);
  });

  it('GET /api/manifests lists runs with the manifest as JSON, its unsuppressed row counts for admins only', async () => {
    const row = { run_id: RUN_ID, engine_version: '0.1.0', built_at: '2025-01-31T12:00:00Z', months: '2024-04,2024-05', pathways: ['hip-replacement', 'knee-replacement'], suppression_threshold: 8 };
    expect((await get(base, '/api/manifests', 'analyst')).json.items).toEqual([{ ...row, manifest: { run_id: RUN_ID } }]);
    expect((await get(base, '/api/manifests', 'clinician')).json.items).toEqual([{ ...row, manifest: { run_id: RUN_ID } }]);
    expect((await get(base, '/api/manifests', 'admin')).json.items).toEqual([{ ...row, manifest: { run_id: RUN_ID, row_counts: { episode: 36 } } }]);
  });

  it('serves the page, its scripts and Chart.js from node_modules with a strict CSP', async () => {
    const page = await get(base, '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('/vendor/chart.umd.js');
    for (const asset of ['/app.js', '/charts.js', '/style.css', '/vendor/chart.umd.js']) expect((await get(base, asset)).status).toBe(200);
    expect((await get(base, '/vendor/chart.umd.js')).text).toContain('Chart');
  });

  it('serves interactive docs at /docs from local assets', async () => {
    const docs = await get(base, '/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');
    expect(docs.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"' ]*\.(js|css)/);
  });
});
