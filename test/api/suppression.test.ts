// Small-number suppression on every aggregate: RCC has 5 episodes, so no number about it may leave the API.
import { describe, expect, it } from 'vitest';
import { injectFixture, KEYS } from './helpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the wire
type Json = Record<string, any>;

const fixtureApp = injectFixture();

async function items(url: string): Promise<Json[]> {
  const r = await fixtureApp().inject({ url, headers: { 'x-api-key': KEYS.analyst } });
  expect(r.statusCode, url).toBe(200);
  return r.json().items;
}

/** Every numeric field of a suppressed row is null. */
function noNumbers(row: Json) {
  for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && k !== 'difference_gbp') throw new Error(`${k} = ${v} shown on a suppressed row`);
}

describe('a provider with n = 5 shows no numbers', () => {
  it('in /api/summary, at every grain', async () => {
    const rows = await items('/api/summary?provider=RCC&limit=1000');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.suppressed).toBe(true);
      noNumbers(r);
    }
  });

  it('in /api/summary even when the engine left a small row unmarked (n re-checked)', async () => {
    // fixture.ts inserts RCC 2024-04 surgery/acute with n = 3, money and suppressed = false
    const [r] = await items('/api/summary?provider=RCC&month=2024-04&step=surgery&setting=acute');
    expect(r).toMatchObject({ n_episodes: null, total_gbp: null, mean_gbp: null, suppressed: true });
  });

  it('in /api/variation, where the table row was not marked either', async () => {
    const [r] = await items('/api/variation?provider=RCC');
    expect(r).toMatchObject({ suppressed: true, n_episodes: null, oe_ratio: null, outlier: null, opportunity_gbp: null });
    noNumbers(r);
  });

  it('in /api/cost-basis-mix', async () => {
    const rows = await items('/api/cost-basis-mix?provider=RCC');
    expect(rows.map((r) => r.cost_basis)).toEqual(['national_unit_cost', 'plics_actual', 'staff_time']);
    for (const r of rows) {
      expect(r).toMatchObject({ suppressed: true, cost_gbp: null, share: null });
      noNumbers(r);
    }
  });

  it('in /api/steps', async () => {
    const rows = await items('/api/steps?pathway=knee-replacement&provider=RCC');
    // surgery, GP, rehab, and the readmission cell (hidden, so whether RCC had any is not shown either)
    expect(rows.map((r) => r.step).sort()).toEqual(['community_rehab', 'gp_consultations', 'readmission', 'surgery']);
    for (const r of rows) {
      expect(r.suppressed).toBe(true);
      noNumbers(r);
    }
  });

  it('in /api/distribution', async () => {
    const r = await fixtureApp().inject({ url: '/api/distribution?pathway=knee-replacement&provider=RCC', headers: { 'x-api-key': KEYS.analyst } });
    expect(r.json()).toMatchObject({ provider_code: 'RCC', n_episodes: null, suppressed: true, bins: [] });
  });

  it('in /api/reconciliation (money of 1–7 patients hidden, the difference kept)', async () => {
    const rows = await items('/api/reconciliation?pathway=knee-replacement&provider=RCC');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r).toMatchObject({ suppressed: true, in_gbp: null, attributed_gbp: null, n_patients: null, difference_gbp: 0 });
    }
  });
});

describe('data quality', () => {
  it('hides counts of 1–7 with their detail text, and keeps ratios, flags and zeros', async () => {
    const rows = await items('/api/data-quality');
    const by = (check: string, month?: string) => rows.find((r) => r.check === check && (!month || r.month === month));
    expect(by('quarantined:bad_code')).toMatchObject({ value: null, detail: null, suppressed: true });
    expect(by('rows_clean', '2024-05')).toMatchObject({ value: null, suppressed: true });
    expect(by('missing_feed')).toMatchObject({ value: 1, suppressed: false });
    expect(by('absent_column:tfc')).toMatchObject({ value: 1, suppressed: false, detail: 'the extract has no tfc column: every row reads it as empty' });
    expect(by('quarantined_without_cost')).toMatchObject({ value: null, detail: null, suppressed: true }); // 2 rows: a count
    expect(by('coverage')).toMatchObject({ value: 0.72, suppressed: false });
    expect(by('unlinked_patients')).toMatchObject({ value: 0, suppressed: false });
  });
});
