// The web page in Debian's Chromium (headless, driven by playwright-core) against a real server on the
// fixture build: no console errors, charts drawn, figures equal to the API's, keyboard and key prompt work.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, type ConsoleMessage, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, fixtureDir, get, listen } from '../api/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const present = existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does) so the browser test runs.`);
if (!present) console.warn(`Skipping the browser test: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

let server: RunningServer;
let browser: Browser;
let cleanup: () => Promise<void>;

/** Opens the page; returns the console errors and page errors seen, as they come. */
async function open(key?: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/${key ? `#key=${key}` : ''}`);
  return { page, errors };
}

async function choose(page: Page, select: string, value: string) {
  await page.selectOption(select, value);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Pixels painted on a canvas (0 when nothing was drawn). */
function painted(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  }, id);
}

describe.skipIf(!present)('web page in headless Chromium', () => {
  beforeAll(async () => {
    const fx = await fixtureDir();
    cleanup = fx.cleanup;
    server = await listen(fx.dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  it('loads with no console errors, draws every chart and shows the API’s numbers (clinician)', async () => {
    const { page, errors } = await open(KEYS.clinician);
    await page.waitForSelector('body[data-ready="true"]');
    expect(page.url()).not.toContain('key=');
    await choose(page, '#pathway', 'knee-replacement');
    await choose(page, '#provider', 'RAA');

    for (const id of ['steps-chart', 'dist-chart', 'funnel-chart', 'timeline-chart']) expect(await painted(page, id), id).toBeGreaterThan(1000);

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
    // The chart holds the same figures as the table.
    const bars = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(c: Element): { data: { labels: string[]; datasets: Array<{ label: string; data: Array<number | null> }> } } } }).Chart.getChart(document.getElementById('steps-chart')!);
      return { labels: chart.data.labels, primary: chart.data.datasets.find((d) => d.label === 'RAA · primary')!.data };
    });
    expect(bars.primary[bars.labels.indexOf('GP consultations for knee OA')]).toBe(gp.mean_per_episode_gbp);

    const variation = (await get(server.url, '/api/variation?pathway=knee-replacement&basis=actual&view=raw', 'analyst')).json.items;
    expect(await page.textContent('#funnel-RAA-oe')).toBe(variation.find((r: { provider_code: string }) => r.provider_code === 'RAA').oe_ratio.toFixed(3));
    expect(await page.textContent('#funnel-RCC-oe')).toBe('*');

    const episode = (await get(server.url, `/api/episodes/${encodeURIComponent(await page.inputValue('#episode'))}`, 'clinician')).json;
    const shown = await page.$$eval('#timeline-table tbody tr td:nth-child(6)', (tds) => tds.map((td) => td.textContent));
    expect(shown).toEqual(episode.timeline.map((t: { cost_gbp: number }) => gbp.format(t.cost_gbp)));
    expect(await page.textContent('#timeline-table')).toContain('plics_actual');

    await page.screenshot({ path: new URL('page.png', ARTIFACTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps patient-level detail from an analyst key without provoking errors', async () => {
    const { page, errors } = await open(KEYS.analyst);
    await page.waitForSelector('body[data-ready="true"]');
    await choose(page, '#pathway', 'knee-replacement');
    expect(await page.isHidden('#episode-controls')).toBe(true);
    expect(await page.textContent('#episode-access')).toContain('clinician or admin key');
    expect(await page.textContent('#kpi-provider-mean')).toBeTruthy();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for a key when the API answers 401, then keeps it for the tab', async () => {
    const { page, errors } = await open();
    const dialog = page.locator('#key-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key-input');
    await page.getByLabel('API key', { exact: true }).fill(KEYS.clinician);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('pathcost.apiKey'))).toBe(KEYS.clinician);
    expect(await page.textContent('#kpi-icb-n')).toMatch(/^\d+$/);
    // The only errors are the browser's own notes of the 401s that prompted for the key.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard: labelled controls in a sensible focus order', async () => {
    const { page } = await open(KEYS.clinician);
    await page.waitForSelector('body[data-ready="true"]');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
    }
    expect(order).toEqual(['skip', 'change-key', 'pathway', 'provider', 'basis', 'month']);
    for (const label of ['Pathway', 'Provider (anchor trust)', 'Cost basis', 'Anchor month', 'Episode']) expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    // Changing the basis with the keyboard redraws with standardised figures (0.9 × actual in the fixture).
    await page.focus('#basis');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#kpi-title')).toContain('standardised');
    await page.close();
  });
});
