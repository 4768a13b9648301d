// The page follows the build's suppression threshold: on the fixture built with a threshold of 10, no count from
// 1 to 9 appears anywhere on the page an analyst sees, for any provider, month or basis, and the page's note
// states the build's rule. (RBB, with 9 episodes, is suppressed here where the usual threshold of 8 shows it.)
import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../api/server.ts';
import { KEYS, fixtureDir, listen } from '../api/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (.ci/run does) so the browser test runs.`);

const THRESHOLD = 10;
let server: RunningServer;
let browser: Browser;
let cleanup: () => Promise<void>;

async function choose(page: Page, select: string, value: string) {
  await page.selectOption(select, value);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Every whole number the page writes from the API (table cells and the notes it fills in), outside money. */
function countsOnPage(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const text = [...document.querySelectorAll('td, th, [id$="-note"], #episode-access, #status')].map((e) => e.textContent ?? '').join('\n');
    // drop money (£…), ratios (1.234), dates (2024-04), years and codes (RAA, W40.1) before reading whole numbers
    const plain = text.replace(/£[\d,.]+/g, ' ').replace(/\d+\.\d+/g, ' ').replace(/\d{4}-\d{2}(-\d{2})?/g, ' ').replace(/[A-Z]+\d+/g, ' ')
      .replace(/\d+ providers?\b/g, ' '); // a number of providers counts no one
    return [...plain.matchAll(/(?<![\w.])\d[\d,]*(?![\w.])/g)].map((m) => Number(m[0].replaceAll(',', '')));
  });
}

describe.skipIf(!present)('the page under --suppress 10', () => {
  beforeAll(async () => {
    const fx = await fixtureDir(THRESHOLD);
    cleanup = fx.cleanup;
    server = await listen(fx.dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup?.();
  });

  it('shows no count from 1 to 9 for any provider, month or basis, and states the rule', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/#key=${KEYS.analyst}`);
    await page.waitForSelector('body[data-ready="true"]');
    await choose(page, '#pathway', 'knee-replacement');
    expect(await page.textContent('body')).toContain(`fewer than ${THRESHOLD} episodes`);
    const seen: number[] = [];
    for (const provider of ['RAA', 'RBB', 'RCC', 'RDD']) {
      await choose(page, '#provider', provider);
      for (const month of ['all', '2024-04', '2024-05']) {
        await choose(page, '#month', month);
        for (const basis of ['actual', 'standardised']) {
          await choose(page, '#basis', basis);
          const counts = await countsOnPage(page);
          seen.push(...counts);
          expect(counts.filter((n) => n >= 1 && n < THRESHOLD), `${provider} ${month} ${basis}`).toEqual([]);
        }
      }
    }
    // the scan reads real counts: RAA's 12 episodes are on the page
    expect(seen).toContain(12);
    await page.close();
  });
});
