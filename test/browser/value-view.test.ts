// The value view in headless Chromium against the hand-made fixture with PROMs rows (test/api/outcomes-fixture.ts):
// the scatter holds each shown provider at (cost O/E, gain O/E) with the quadrant lines at 1; the table holds the
// API's figures; suppressed providers are neither plotted nor given figures.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, fixtureDir } from '../api/helpers.ts';
import { addOutcomeFixture } from '../api/outcomes-fixture.ts';
import { ARTIFACTS, browserAvailable, chartData, choose, openPage, painted, ready, showView, startPageServer } from './chromium.ts';

const present = browserAvailable();
let server: RunningServer;
let browser: Browser;
let stop: () => Promise<void>;

describe.skipIf(!present)('value view (outcomes beside cost)', () => {
  beforeAll(async () => {
    ({ server, browser, stop } = await startPageServer(async () => {
      const fx = await fixtureDir();
      await addOutcomeFixture(fx.dir);
      return fx;
    }));
  });
  afterAll(() => stop?.());

  it('plots cost O/E against gain O/E in four quadrants, and tabulates the API’s figures', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/#key=${KEYS.analyst}`);
    await ready(page);
    await showView(page, 'value');
    expect(await painted(page, 'value-chart')).toBeGreaterThan(1000);
    const chart = await chartData(page, 'value-chart');
    const providers = chart.datasets.find((d) => d.label === 'Providers')!;
    // RAA: cost O/E 0.9493, gain O/E 1.1098 (less cost, more gain); RBB: 1.0526, 0.8813; RCC and RDD suppressed
    expect(providers.data).toEqual([{ x: 0.9493, y: 1.1098, label: 'RAA' }, { x: 1.0526, y: 0.8813, label: 'RBB' }]);
    const vertical = chart.datasets.find((d) => d.label === 'Cost as expected (O/E = 1)')!;
    const horizontal = chart.datasets.find((d) => d.label === 'Gain as expected (O/E = 1)')!;
    expect((vertical.data as Array<{ x: number }>).map((p) => p.x)).toEqual([1, 1]);
    expect((horizontal.data as Array<{ y: number }>).map((p) => p.y)).toEqual([1, 1]);

    expect(await page.textContent('#value-RAA-quadrant')).toBe('Lower cost, more gain');
    expect(await page.textContent('#value-RBB-quadrant')).toBe('Higher cost, less gain');
    // judged as shown: a review found 0.9956 and 0.9978, shown "1.00" and "1.00", put in "Lower cost, less gain"
    const judged = await page.evaluate("import('/view-value.js').then((m) => [m.quadrantOf(0.9956, 0.9978), m.quadrantOf(0.9949, 1.2), m.quadrantOf(1.004, 0.8)])");
    expect(judged).toEqual(['At the average cost and gain', 'Lower cost, more gain', 'Average cost, less gain']);
    expect(await page.textContent('#value-RAA-gain')).toBe('18.1');
    expect(await page.textContent('#value-RAA-per-point')).toBe('£388.12');
    expect(await page.textContent('#value-RBB-per-eq5d')).toBe('£2,909.09');
    expect(await page.textContent('#value-RAA-linkage')).toBe('66.7%');
    expect(await page.textContent('#value-ICB-gain')).toBe('16.2');
    for (const code of ['RCC', 'RDD']) {
      expect(await page.textContent(`#value-${code}-gain`)).toBe('*');
      expect(await page.textContent(`#value-${code}-per-point`)).toBe('*');
    }
    expect(await page.textContent('#value-applies')).toContain('RCC, RDD');

    // the provider chosen is drawn apart, in red
    await choose(page, '#provider', 'RBB');
    const chosen = await chartData(page, 'value-chart');
    expect(chosen.datasets.find((d) => d.label === 'RBB (chosen)')!.data).toEqual([{ x: 1.0526, y: 0.8813, label: 'RBB' }]);
    await page.screenshot({ path: new URL('fixture-value.png', ARTIFACTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when a pathway has no PROMs linked', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/?pathway=hip-replacement#key=${KEYS.analyst}`);
    await ready(page);
    await showView(page, 'value');
    expect(await page.textContent('#value-applies')).toContain('No PROMs were linked');
    expect(errors).toEqual([]);
    await page.close();
  });
});
