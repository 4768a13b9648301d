// The "What if…" view in headless Chromium on the scenario fixture (test/helpers/scenario-fixture.ts): the
// default levers run, the waterfall's bars and table are the API's own answer to the same scenario, a lever
// changed and run again redraws with the hand-worked figure (50% of 42 follow-ups to £153.84: −£807.24).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS } from '../api/helpers.ts';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';
import { ARTIFACTS, browserAvailable, chartData, openPage, painted, ready, showView, startPageServer } from './chromium.ts';

const present = browserAvailable();
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

let server: RunningServer;
let browser: Browser;
let stop: () => Promise<void>;

async function postScenario(body: unknown) {
  const res = await fetch(`${server.url}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.analyst }, body: JSON.stringify(body) });
  return res.json();
}

describe.skipIf(!present)('scenario panel in headless Chromium', () => {
  beforeAll(async () => {
    ({ server, browser, stop } = await startPageServer(scenarioFixture));
  });
  afterAll(() => stop?.());

  it('draws the waterfall of the default levers with the API’s numbers, and again after a lever changes', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/#key=${KEYS.analyst}`);
    await ready(page);
    await showView(page, 'scenario');
    expect(await page.textContent('#status')).toBe('');
    expect(await painted(page, 'waterfall-chart')).toBeGreaterThan(1000);
    // the page's own levers, read as a string so the test runner does not rewrite the import
    const scenario = await page.evaluate("import('/view-scenario.js').then((m) => m.leversScenario('knee-replacement'))");
    expect((scenario as { changes: Array<{ type: string }> }).changes.map((c: { type: string }) => c.type)).toEqual(['remove_step', 'move', 'length_of_stay']);
    const answer = await postScenario(scenario);
    const bars = answer.waterfall as Array<{ gbp: number; label: string }>;
    expect(bars.length).toBe(5);
    for (const [i, b] of bars.entries()) {
      expect(await page.textContent(`#waterfall-${i}`)).toBe(gbp.format(b.gbp));
      expect(Number(await page.getAttribute(`#waterfall-${i}`, 'data-value'))).toBe(b.gbp);
    }
    // Floating bars: the totals stand on £0, each change runs from the total before it to the total after.
    const chart = await chartData(page, 'waterfall-chart');
    expect(chart.labels).toEqual(bars.map((b) => b.label));
    const data = chart.datasets[0].data as number[][];
    expect(data[0]).toEqual([0, bars[0].gbp]);
    expect(data[1][0]).toBe(bars[0].gbp);
    expect(data[1][1]).toBeCloseTo(bars[0].gbp + bars[1].gbp, 6);
    expect(data[3][1]).toBeCloseTo(bars[4].gbp, 6);
    expect(data[4]).toEqual([0, bars[4].gbp]);

    // Only the remote-follow-up lever, at 50%: 42 follow-ups × 0.5 × (£192.28 − £153.84) = £807.24 less.
    for (const [id, v] of [['lever-fu-remove', '0'], ['lever-fu-remote', '50'], ['lever-los-days', '0']]) await page.fill(`#${id}`, v);
    await page.click('#scenario-run');
    await page.waitForFunction(() => document.querySelectorAll('#waterfall-table tbody tr').length === 3 && document.body.dataset.ready === 'true');
    expect(await page.textContent('#waterfall-1')).toBe('-£807.24');
    expect(await page.textContent('#scenario-diff-follow_up_outpatients-acute-attendances')).toBe('-£807.24');
    expect(await page.textContent('#scenario-prices')).toContain('WF01C');
    await page.screenshot({ path: new URL('scenario-panel.png', ARTIFACTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
