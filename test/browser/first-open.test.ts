// The page as a new user first sees it: `npm start`'s own preparation (the generated sample, built fresh) served
// and opened in headless Chromium. Every chart has data at the default selection (knee replacement, ICB, all
// months, actual cost); changing pathway, provider, month and basis redraws with the API's numbers; at phone
// width nothing scrolls sideways. A screenshot of each view is kept in test/artifacts/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStart } from '../../cli/commands/start.ts';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, get, listen } from '../api/helpers.ts';
import { ARTIFACTS, browserAvailable, chartData, choose, launch, openPage, painted, ready, showView } from './chromium.ts';

const present = browserAvailable();
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the wire
type Json = Record<string, any>;

let dir: string;
let server: RunningServer;
let browser: Browser;

const api = async (path: string): Promise<Json> => {
  const r = await get(server.url, path, 'admin');
  expect(r.status, path).toBe(200);
  return r.json;
};
const summaryRow = async (q: Record<string, string>, provider: string) =>
  (await api(`/api/summary?${new URLSearchParams({ ...q, provider, step: 'all', setting: 'all' })}`)).items[0];

/** How many of a chart's datasets' values are data (numbers other than 0, ranges, points). */
async function points(page: Page, id: string, dataset?: (label: string) => boolean): Promise<number> {
  const chart = await chartData(page, id);
  const sets = chart.datasets.filter((d) => !dataset || dataset(d.label));
  const has = (v: unknown) => (typeof v === 'number' ? v !== 0 : Array.isArray(v) ? true : v !== null && typeof v === 'object');
  return sets.reduce((n, d) => n + d.data.filter(has).length, 0);
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

describe.skipIf(!present)('first open: the npm start sample in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathcost-first-open-'));
    const { built } = await prepareStart({ out: join(dir, 'sample'), log: () => {} });
    expect(built).toBe(true);
    server = await listen(join(dir, 'sample'));
    browser = await launch();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every chart of every view has data at the default selection, with the API’s numbers', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/#key=${KEYS.admin}`);
    await ready(page);
    expect([await page.inputValue('#pathway'), await page.inputValue('#provider'), await page.inputValue('#month'), await page.inputValue('#basis')]).toEqual(['knee-replacement', 'ICB', 'all', 'actual']);

    // ICB summary
    const icb = await summaryRow({ pathway: 'knee-replacement', month: 'all', basis: 'actual' }, 'ICB');
    expect(icb.suppressed).toBe(false);
    expect(await page.textContent('#headline-n')).toBe(icb.n_episodes.toLocaleString('en-GB'));
    expect(await page.textContent('#headline-mean')).toBe(gbp.format(icb.mean_gbp));
    const variation = (await api('/api/variation?pathway=knee-replacement&basis=actual&view=raw')).items.filter((r: Json) => !r.suppressed);
    expect(variation.length).toBeGreaterThanOrEqual(3);
    expect(await points(page, 'providers-chart', (l) => l === 'Case-mix adjusted mean')).toBe(variation.length);
    expect(await points(page, 'providers-chart', (l) => l.startsWith('95% range'))).toBe(variation.length);
    expect(await points(page, 'funnel-chart', (l) => l === 'Providers')).toBe(variation.length);
    expect(await points(page, 'money-chart')).toBeGreaterThanOrEqual(10);
    expect(await points(page, 'opportunity-chart')).toBeGreaterThanOrEqual(1);
    for (const r of variation) expect(await page.textContent(`#funnel-${r.provider_code}-oe`)).toBe(r.oe_ratio.toFixed(3));
    const opportunity = variation.reduce((a: number, r: Json) => a + r.opportunity_gbp, 0);
    expect(Number(await page.getAttribute('#opportunity-note', 'data-value'))).toBeCloseTo(opportunity, 2);
    // The funnel's n axis has whole numbers only, and every point is named.
    const ticks = await page.evaluate(() => (window as unknown as { Chart: { getChart(c: Element): { scales: { x: { ticks: Array<{ value: number }> } } } } }).Chart.getChart(document.getElementById('funnel-chart')!).scales.x.ticks.map((t) => t.value));
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.every((v) => Number.isInteger(v))).toBe(true);
    const funnel = await chartData(page, 'funnel-chart');
    expect(funnel.datasets.find((d) => d.label === 'Providers')!.data.map((p) => (p as { label: string }).label).sort()).toEqual(variation.map((r: Json) => r.provider_code).sort());
    // Human labels, not ids
    const money = await chartData(page, 'money-chart');
    expect(money.labels.join(' ')).not.toMatch(/other_|_/);
    expect(money.datasets.map((d) => d.label)).toContain('Acute hospital');
    await screenshot(page, 'view-icb');

    // Provider view (at ICB level until a provider is chosen)
    await showView(page, 'provider');
    for (const id of ['steps-chart', 'dist-chart', 'timeline-chart']) expect(await painted(page, id), id).toBeGreaterThan(1000);
    const dist = await api('/api/distribution?pathway=knee-replacement&month=all&basis=actual');
    expect((await chartData(page, 'dist-chart')).datasets[0].data).toEqual(dist.bins.map((b: Json) => b.n_episodes));
    expect(dist.bins.filter((b: Json) => b.n_episodes > 0).length).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('#kpi-icb-total')).toBe(gbp.format(icb.total_gbp));
    expect(await points(page, 'timeline-chart')).toBeGreaterThan(3);
    await screenshot(page, 'view-provider');

    // Data quality
    await showView(page, 'data');
    expect(await points(page, 'coverage-chart')).toBeGreaterThan(100);
    expect(await points(page, 'provisional-chart')).toBeGreaterThanOrEqual(1);
    expect(await points(page, 'quarantine-chart')).toBeGreaterThanOrEqual(3);
    const recon: Json[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const pageOf: Json = await api(`/api/reconciliation?pathway=knee-replacement&limit=1000&offset=${offset}`);
      recon.push(...pageOf.items);
      offset = pageOf.next_offset;
    }
    const worst = Math.max(...recon.map((r: Json) => Math.abs(r.difference_gbp)));
    expect(Number(await page.getAttribute('#recon-note', 'data-value'))).toBe(worst);
    expect(await page.locator('#recon-table tbody tr').count()).toBe(new Set(recon.map((r: Json) => r.feed)).size);
    await screenshot(page, 'view-data');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows a change of pathway, provider, month and basis with the API’s numbers', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/#key=${KEYS.admin}`);
    await ready(page);
    await showView(page, 'provider');
    await choose(page, '#pathway', 'hip-replacement');
    // a provider and a month the summary publishes for hip (the sample is built so that there are some)
    const months = (await api('/api/summary?pathway=hip-replacement&step=all&setting=all&basis=standardised&limit=1000')).items.filter((r: Json) => r.provider_code !== 'ICB' && r.month !== 'all' && !r.suppressed);
    expect(months.length).toBeGreaterThan(0);
    const { provider_code: provider, month } = months[0];
    await choose(page, '#provider', provider);
    await choose(page, '#month', month);
    await choose(page, '#basis', 'standardised');
    const q = { pathway: 'hip-replacement', month, basis: 'standardised' };
    const mine = await summaryRow(q, provider);
    const all = await summaryRow(q, 'ICB');
    expect(await page.textContent('#kpi-provider-n')).toBe(String(mine.n_episodes));
    expect(await page.textContent('#kpi-provider-mean')).toBe(gbp.format(mine.mean_gbp));
    expect(await page.textContent('#kpi-icb-mean')).toBe(gbp.format(all.mean_gbp));
    const dist = await api(`/api/distribution?pathway=hip-replacement&provider=${provider}&month=${month}&basis=standardised`);
    expect((await chartData(page, 'dist-chart')).datasets[0].data).toEqual(dist.bins.map((b: Json) => b.n_episodes));
    expect(await page.textContent('#kpi-applies')).toContain(`${provider} beside the ICB`);
    // The ICB summary follows the same choice and says the comparison cannot follow the month.
    await showView(page, 'icb');
    expect(await page.textContent('#headline-mean')).toBe(gbp.format(all.mean_gbp));
    expect(await page.textContent('#funnel-applies')).toContain('does not apply');
    const variation = (await api('/api/variation?pathway=hip-replacement&basis=standardised&view=raw')).items.find((r: Json) => r.provider_code === provider);
    expect(await page.textContent(`#funnel-${provider}-oe`)).toBe(variation.suppressed ? '*' : variation.oe_ratio.toFixed(3));
    // The address keeps the choice.
    expect(new URL(page.url()).searchParams.get('provider')).toBe(provider);
    // Overhead-standardised: whole episodes only; the step view says so.
    await choose(page, '#basis', 'overhead_standardised');
    expect(await page.textContent('#money-applies')).toContain('Overhead-standardised cost exists for whole episodes only');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone (420 px): no view scrolls sideways', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/#key=${KEYS.admin}`, { width: 420, height: 900 });
    await ready(page);
    for (const view of ['icb', 'provider', 'data']) {
      await showView(page, view);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(420);
      await screenshot(page, `view-${view}-420px`);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
