// The attack across margins on pathway_summary. Five keys and four margins: complementary suppression leaves no
// group with one hidden cell, yet groups of different margins combine. Without the audit of
// engine/disclosure/linear-audit.ts, the summary of the `npm start` sample (20,000 patients, seed 1) gives away
// five hip replacement cells of RA3 (January 2025) and RA5 (September 2024), £0 among a few episodes: "none of
// them had it", which the small-number rule hides. The attack is an independent floating-point solve of the
// published margins (solveHidden), and no hidden cell may come out of it, small or a complement. Knee and hip
// only: the attack's solve is the time.
// The reader here also has what other outputs publish of the summary's cells (the reconciliation's sums, the
// cost-basis mix's social care slices), each of which gave hidden cells away before the summary and the mix took
// it into account; a no-change scenario on the same build meets the reconciliation's sums on its provider × setting
// cells.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { runScenario } from '../../engine/scenarios/index.ts';
import { generateSampleData } from '../../sample-data/generate.ts';
import { FEED_SETTING } from '../../schemas/tables/activity.ts';
import { solveHidden } from '../helpers/disclosure-attack.ts';

const KEYS = ['provider_code', 'month', 'step', 'setting'];
const MARGINS = KEYS.map((column) => ({ column, total: column === 'provider_code' ? 'ICB' : 'all' }));
const SCENARIO_KEYS = ['provider_code', 'step', 'setting', 'unit'];
const SCENARIO_MARGINS = SCENARIO_KEYS.map((column) => ({ column, total: column === 'provider_code' ? 'ICB' : 'all' }));
type Published = { pathway_id: string; provider_code: string; month: string; step: string; setting: string; suppressed: boolean; total_gbp: number | null };

let dir: string;
let published: Published[];
/**
 * pathway|provider|setting → the money a provider ('ICB': all of them) delivered in a setting ('all': every one)
 * over the period, as a reader adds it up from the reconciliation's rows where none of them is hidden.
 */
let reconciled: Map<string, number>;
/** pathway|provider → the provider's shown la_unit_cost slice of provider_cost_basis_mix: all its social care money. */
let socialCareSlices: Map<string, number>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-summary-attack-'));
  await generateSampleData({ patients: 20_000, seed: 1, out: join(dir, 'in'), format: 'csv', faults: 0.005, from: '2023-04-01', to: '2025-03-31', cohortBoost: 40 });
  await build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: '2025-06-30', pathways: ['knee-replacement', 'hip-replacement'] });
  const db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
  published = await db.all<Published>(`
    select pathway_id, provider_code, month, step, setting, suppressed, total_gbp::double as total_gbp
    from pathway_summary where basis = 'actual'`);
  const feeds = Object.entries(FEED_SETTING).map(([feed, setting]) => `('${feed}', '${setting}')`).join(', ');
  const totals = await db.all<{ key: string; total: number }>(`
    select concat_ws('|', r.pathway_id, coalesce(r.provider_code, 'ICB'), coalesce(f.setting, 'all')) as key, sum(r.attributed_gbp)::double as total
    from reconciliation r join (values ${feeds}) f(feed, setting) using (feed)
    group by grouping sets ((r.pathway_id, r.provider_code, f.setting), (r.pathway_id, r.provider_code), (r.pathway_id, f.setting), (r.pathway_id))
    having not bool_or(r.suppressed)`, {}, 100_000);
  reconciled = new Map(totals.map((r) => [r.key, r.total]));
  // social care is priced by the LA unit cost or not at all (£0), and nothing else is: the slice is the setting
  const slices = await db.all<{ key: string; total: number }>(`
    select concat_ws('|', pathway_id, provider_code) as key, cost_gbp::double as total
    from provider_cost_basis_mix where cost_basis = 'la_unit_cost' and not suppressed`);
  socialCareSlices = new Map(slices.map((r) => [r.key, r.total]));
  db.close();
}, 300_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('pathway_summary of the npm start sample, attacked across margins', () => {
  // One solve a pathway, by a reader who also has what other outputs publish of the summary's cells (a weaker
  // reader, with the summary alone, finds a subset): each setting's money over the period, which the
  // reconciliation's rows add up to, and each provider's social care, which its la_unit_cost slice of the
  // cost-basis mix is (social care is priced by the LA unit cost or not at all, and nothing else is). Where the
  // summary hid such a cell, it was worked out: knee's ICB primary care gave RA1's hidden primary care (£116,490.30);
  // hip RA4's and knee RA3's slices (£49,784.37, £35,173.35) gave their hidden mental health.
  it.each(['knee-replacement', 'hip-replacement'])('%s: gives no hidden cell away', (p) => {
    expect(published.filter((r) => r.pathway_id === p && r.suppressed).length).toBeGreaterThan(50);
    let hiddenKnown = 0;
    const rows = published
      .filter((r) => r.pathway_id === p)
      .map((r) => {
        const whole = r.month === 'all' && r.step === 'all';
        const total = whole && r.provider_code === 'ICB' ? reconciled.get(`${p}|ICB|${r.setting}`) : undefined;
        const slice = whole && r.setting === 'social_care' ? socialCareSlices.get(`${p}|${r.provider_code}`) : undefined;
        const known = total ?? slice;
        if (known === undefined) return r;
        if (r.suppressed) hiddenKnown += 1;
        else expect(Math.abs(r.total_gbp! - known), r.provider_code).toBeLessThan(0.01); // the same money
        return { ...r, suppressed: false, total_gbp: known };
      });
    if (p === 'knee-replacement') expect(hiddenKnown).toBeGreaterThan(0); // the summary hides a cell the reconciliation adds up to
    const given = solveHidden(rows as never, KEYS, MARGINS, 'total_gbp');
    expect(given).toEqual([]);
  });
  it('knows what the mix shows of social care', () => expect(socialCareSlices.size).toBeGreaterThan(0));
});

describe('a scenario on the same build, attacked with the reconciliation beside it', () => {
  // The reconciliation's rows of one provider add up to the money it delivered in a setting over the period, which
  // a scenario's provider × setting cell (all steps, all units) holds: before the scenario locked those cells, 29
  // of knee's hidden cells could be worked out from them. Only cells holding such a published sum may be.
  it.each(['knee-replacement', 'hip-replacement'])('%s: no hidden cell comes out but the money the reconciliation publishes', async (p) => {
    const r = await runScenario(join(dir, 'out'), { id: 'attack', name: 'Attack', pathway_id: p, changes: [] });
    let known = 0;
    const cells = r.cells.map((c) => {
      const total = c.step === 'all' && c.unit === 'all' ? reconciled.get(`${p}|${c.provider_code}|${c.setting}`) : undefined;
      if (total === undefined) return c;
      known += 1;
      return { ...c, suppressed: false, baseline_gbp: total };
    });
    expect(known).toBeGreaterThan(10);
    const given = solveHidden(cells as never, SCENARIO_KEYS, SCENARIO_MARGINS, 'baseline_gbp');
    // a cell holding the same money as a published sum (a practice's prescribing is all its items) is no secret
    const sums = [...reconciled].filter(([key]) => key.startsWith(`${p}|`)).map(([key, total]) => ({ provider: key.split('|')[1], total }));
    const notPublished = given.filter((g) => !sums.some((t) => t.provider === g.cell.split('|')[0] && Math.abs(t.total - g.value) < 0.01));
    expect(notPublished).toEqual([]);
  });
});
