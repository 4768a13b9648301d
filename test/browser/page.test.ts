// The web page in headless Chromium against a real server on the hand-made fixture build (test/api/fixture.ts),
// whose figures are worked out by hand: no console errors, the API's numbers on the page, roles, the key
// prompt ("needed" and "refused"), and the keyboard.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, fixtureDir, get } from '../api/helpers.ts';
import { ARTIFACTS, browserAvailable, chartData, choose, openPage, painted, ready, showView, startPageServer } from './chromium.ts';

const present = browserAvailable();
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

let server: RunningServer;
let browser: Browser;
let stop: () => Promise<void>;

const open = (key?: string) => openPage(browser, `${server.url}/${key ? `#key=${key}` : ''}`);

describe.skipIf(!present)('web page in headless Chromium (hand-made fixture)', () => {
  beforeAll(async () => {
    ({ server, browser, stop } = await startPageServer(fixtureDir));
  });
  afterAll(() => stop?.());

  it('opens on knee replacement at ICB level; the provider view shows the API’s numbers (clinician)', async () => {
    const { page, errors } = await open(KEYS.clinician);
    await ready(page);
    expect(page.url()).not.toContain('key=');
    expect(await page.inputValue('#pathway')).toBe('knee-replacement');
    expect(await page.inputValue('#provider')).toBe('ICB');
    // ICB headline: 28 episodes, £220,200 (fixture.ts)
    expect(await page.textContent('#headline-n')).toBe('28');
    expect(await page.textContent('#headline-total')).toBe('£220,200');
    const variation = (await get(server.url, '/api/variation?pathway=knee-replacement&basis=actual&view=raw', 'analyst')).json.items;
    expect(await page.textContent('#funnel-RAA-oe')).toBe(variation.find((r: { provider_code: string }) => r.provider_code === 'RAA').oe_ratio.toFixed(3));
    expect(await page.textContent('#funnel-RCC-oe')).toBe('*');

    await showView(page, 'provider');
    await choose(page, '#provider', 'RAA');
    for (const id of ['steps-chart', 'dist-chart', 'timeline-chart']) expect(await painted(page, id), id).toBeGreaterThan(1000);
    const summary = (await get(server.url, '/api/summary?pathway=knee-replacement&month=all&step=all&setting=all&basis=actual', 'analyst')).json.items;
    const raa = summary.find((r: { provider_code: string }) => r.provider_code === 'RAA');
    const icb = summary.find((r: { provider_code: string }) => r.provider_code === 'ICB');
    expect(await page.textContent('#kpi-provider-mean')).toBe(gbp.format(raa.mean_gbp)); // £7,025.00
    expect(await page.textContent('#kpi-provider-median')).toBe(gbp.format(raa.median_gbp));
    expect(await page.textContent('#kpi-provider-n')).toBe(String(raa.n_episodes));
    expect(await page.textContent('#kpi-icb-total')).toBe(gbp.format(icb.total_gbp)); // £220,200.00

    const steps = (await get(server.url, '/api/steps?pathway=knee-replacement&provider=RAA', 'analyst')).json.items;
    const gp = steps.find((c: { step: string }) => c.step === 'gp_consultations');
    expect(await page.textContent('#steps-provider-gp_consultations-primary')).toBe(gbp.format(gp.mean_per_episode_gbp)); // £200.00
    // RAA's three readmissions are suppressed, and its surgery with them (acute = surgery + readmission is published).
    expect(await page.textContent('#steps-provider-readmission-acute')).toBe('*');
    expect(await page.textContent('#steps-provider-surgery-acute')).toBe('*');
    // The chart holds the same figures as the table, under the definitions' and schemas' labels.
    const bars = await chartData(page, 'steps-chart');
    const primary = bars.datasets.find((d) => d.label === 'RAA · Primary care')!;
    // starred: the ICB's GP consultations, drawn beside RAA's, are hidden (its community money is the reconciliation's)
    expect(primary.data[bars.labels.indexOf('GP consultations for knee OA *')]).toBe(gp.mean_per_episode_gbp);
    expect(await page.textContent('#steps-table')).toContain('Community health');
    expect(await page.textContent('#steps-table')).not.toContain('community_rehab');

    const episode = (await get(server.url, `/api/episodes/${encodeURIComponent(await page.inputValue('#episode'))}`, 'clinician')).json;
    const shown = await page.$$eval('#timeline-table tbody tr td:nth-child(6)', (tds) => tds.map((td) => td.textContent));
    expect(shown).toEqual(episode.timeline.map((t: { cost_gbp: number }) => gbp.format(t.cost_gbp)));
    expect(await page.textContent('#timeline-table')).toContain('plics_actual');

    await page.screenshot({ path: new URL('fixture-provider.png', ARTIFACTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps patient-level detail from an analyst key without provoking errors', async () => {
    const { page, errors } = await open(KEYS.analyst);
    await ready(page);
    await showView(page, 'provider');
    expect(await page.isHidden('#episode-controls')).toBe(true);
    expect(await page.textContent('#episode-access')).toContain('clinician or admin key');
    expect(await page.textContent('#kpi-icb-mean')).toBe('£7,864.29'); // £220,200 / 28
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for a key when none is held ("needed"), then keeps it for the tab', async () => {
    const { page, errors } = await open();
    const dialog = page.locator('#key-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.textContent('#key-title')).toBe('API key needed');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key-input');
    await page.getByLabel('API key', { exact: true }).fill(KEYS.clinician);
    await page.keyboard.press('Enter');
    await ready(page);
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('pathcost.apiKey'))).toBe(KEYS.clinician);
    expect(await page.textContent('#headline-n')).toMatch(/^\d+$/);
    // The only errors are the browser's own notes of the 401s that prompted for the key.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });

  it('says "refused" when the key held is wrong (e.g. from a server since restarted), then takes a good one', async () => {
    const { page } = await open('a-key-this-server-never-made');
    const dialog = page.locator('#key-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.textContent('#key-title')).toBe('API key refused');
    expect(await page.textContent('#key-text')).toContain('did not accept');
    await page.getByLabel('API key', { exact: true }).fill(KEYS.analyst);
    await page.keyboard.press('Enter');
    await ready(page);
    expect(await page.textContent('#headline-n')).toBe('28');
    await page.close();
  });

  it('is usable from the keyboard: labelled controls in a sensible focus order', async () => {
    const { page } = await open(KEYS.clinician);
    await ready(page);
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
    }
    expect(order).toEqual(['skip', 'change-key', 'pathway', 'provider', 'basis', 'month', 'tab-icb', 'tab-provider', 'tab-flows', 'tab-data']);
    for (const label of ['Pathway', 'Provider (anchor trust)', 'Cost basis', 'Anchor month', 'Episode']) expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    // Changing the basis with the keyboard redraws with standardised figures (0.9 × actual in the fixture).
    await page.focus('#basis');
    await page.keyboard.press('ArrowDown');
    await ready(page);
    expect(await page.inputValue('#basis')).toBe('standardised');
    expect(await page.textContent('#headline-total')).toBe('£198,180'); // 0.9 × £220,200
    // The tabs open their views with Enter.
    await page.focus('#tab-data');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.view === 'data' && document.body.dataset.ready === 'true');
    expect(await page.isVisible('#view-data')).toBe(true);
    expect(await page.isHidden('#view-icb')).toBe(true);
    await page.close();
  });
});
