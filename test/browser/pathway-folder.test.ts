// A pathway that exists only as a JSON file in a folder of its own (`pathcost build --pathways-dir`) builds on
// generated data, with year-long windows either side of the anchor, and appears in the API and on the page with
// no change to code: the definitions are data.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { build } from '../../engine/build.ts';
import { DEFAULT_PATHWAYS_DIR } from '../../engine/pathways.ts';
import { generateSampleData } from '../../sample-data/generate.ts';
import { KEYS, get, listen } from '../api/helpers.ts';
import { browserAvailable, choose, launch, openPage, ready } from './chromium.ts';

const present = browserAvailable();
const ID = 'cataract-long-windows';

let dir: string;
let server: RunningServer;
let browser: Browser | undefined;

/** The shipped cataract definition under another id, a year of look-back and a year of look-forward. */
async function writeDefinition(folder: string): Promise<void> {
  const def = JSON.parse(await readFile(join(DEFAULT_PATHWAYS_DIR, 'cataract.json'), 'utf8'));
  delete def.$schema;
  Object.assign(def, { id: ID, name: 'Cataract, a year either side', window: { lookback_days: 365, lookforward_days: 365 } });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${ID}.json`), JSON.stringify(def, null, 2));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-folder-'));
  await writeDefinition(join(dir, 'pathways'));
  await generateSampleData({ patients: 8000, seed: 7, out: join(dir, 'feeds'), format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 20 });
  await build({ input: join(dir, 'feeds'), out: join(dir, 'out'), asOf: '2025-06-30', pathwaysDir: join(dir, 'pathways') });
  server = await listen(join(dir, 'out'));
  if (present) browser = await launch();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const api = async (path: string) => {
  const r = await get(server.url, path, 'admin');
  expect(r.status, `${path}: ${JSON.stringify(r.json).slice(0, 300)}`).toBe(200);
  return r.json;
};

describe('a pathway given only as a JSON file in a test folder', () => {
  it('builds alone, with year-long windows, and reconciles', async () => {
    const pathways = (await api('/api/pathways')).items;
    expect(pathways.map((p: { pathway_id: string }) => p.pathway_id)).toEqual([ID]);
    const icb = (await api(`/api/summary?pathway=${ID}&provider=ICB&month=all&step=all&setting=all&basis=actual`)).items[0];
    // 8,000 people at the national day-case rate over two years: about 50 operations
    expect(icb.n_episodes).toBeGreaterThan(20);
    const windows = (await api(`/api/episodes?pathway=${ID}&limit=5`)).items;
    for (const e of windows) expect(e.window_start < e.anchor_start && e.window_end > e.anchor_end, e.episode_id).toBe(true);
    const recon = (await api(`/api/reconciliation?limit=1000`)).items.filter((r: { pathway_id: string }) => r.pathway_id === ID);
    expect(recon.length).toBeGreaterThan(0);
    for (const r of recon) expect(Math.abs(r.difference_gbp), `${r.feed} ${r.month}`).toBeLessThan(0.005);
    expect((await api(`/api/variation?pathway=${ID}`)).items.length).toBeGreaterThan(0);
  });

  it.skipIf(!present)('is offered on the page, which draws it without errors', async () => {
    const { page, errors } = await openPage(browser!, `${server.url}/#key=${KEYS.analyst}`);
    await ready(page);
    const options = await page.$$eval('#pathway option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([ID]);
    await choose(page, '#pathway', ID);
    expect(await page.textContent('#headline-n')).toBe(String((await api(`/api/summary?pathway=${ID}&provider=ICB&month=all&step=all&setting=all&basis=actual`)).items[0].n_episodes));
    expect(errors).toEqual([]);
    await page.close();
  });
});
