// The flows view in headless Chromium against a real server on the hand-made fixture (test/api/fixture.ts): the
// Sankey diagram is drawn from exactly the API's shown first arrivals, the table holds every move with the API's
// numbers, and a withheld provider draws nothing and says why.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, fixtureDir, get } from '../api/helpers.ts';
import { ARTIFACTS, browserAvailable, chartData, choose, openPage, painted, ready, showView, startPageServer } from './chromium.ts';

const present = browserAvailable();

let server: RunningServer;
let browser: Browser;
let stop: () => Promise<void>;

type Move = { from_step: string; to_step: string; kind: string; n_episodes: number | null; mean_to_cost_gbp: number | null; suppressed: boolean };

async function apiMoves(provider: string): Promise<{ withheld: boolean; transitions: Move[] }> {
  return (await get(server.url, `/api/flows?pathway=knee-replacement&provider=${provider}`, 'analyst')).json;
}

async function openFlows(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, `${server.url}/#key=${KEYS.analyst}`);
  await ready(opened.page);
  await showView(opened.page, 'flows');
  return opened;
}

describe.skipIf(!present)('flows view in headless Chromium (hand-made fixture)', () => {
  beforeAll(async () => {
    ({ server, browser, stop } = await startPageServer(fixtureDir));
  });
  afterAll(() => stop?.());

  it('draws RBB’s first arrivals from the API’s numbers, and lists every move in the table', async () => {
    const { page, errors } = await openFlows();
    await choose(page, '#provider', 'RBB');
    const api = await apiMoves('RBB');
    const expected = api.transitions.filter((t) => t.kind === 'first' && !t.suppressed).map((t) => ({ from: t.from_step, to: t.to_step, flow: t.n_episodes }));
    expect(expected).toHaveLength(4);
    const drawn = await chartData(page, 'flows-chart');
    expect(drawn.datasets[0].data).toEqual(expected);
    expect(await painted(page, 'flows-chart')).toBeGreaterThan(5000);
    for (const t of api.transitions) {
      const id = `flow-${t.from_step}-${t.to_step}-${t.kind}`;
      expect(await page.getAttribute(`#${id}-n`, 'data-value')).toBe(String(t.n_episodes)); // 9 each
      if (t.to_step !== 'end') expect(await page.getAttribute(`#${id}-mean`, 'data-value')).toBe(String(t.mean_to_cost_gbp));
    }
    expect(await page.textContent('#flow-surgery-community_rehab-first-mean')).toBe('£2,800.00');
    expect(await page.textContent('#sequence-1-n')).toBe('9');
    expect(await page.textContent('#flows-loops')).toContain('No loops back');
    await page.screenshot({ path: new URL('flows-rbb.png', ARTIFACTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('a hidden provider draws nothing and shows * in the table; a withheld one says why', async () => {
    const { page, errors } = await openFlows();
    await choose(page, '#provider', 'RCC');
    expect((await chartData(page, 'flows-chart')).datasets[0].data).toEqual([]);
    expect(await page.textContent('#flow-start-gp_consultations-first-n')).toBe('*');
    await choose(page, '#provider', 'RAA');
    expect((await apiMoves('RAA')).withheld).toBe(true);
    expect((await chartData(page, 'flows-chart')).datasets[0].data).toEqual([]);
    expect(await page.textContent('#flows-note')).toContain('No move of RAA is shown');
    expect(await page.textContent('#sequence-1-n')).toBe('12');
    expect(errors).toEqual([]);
  });
});
