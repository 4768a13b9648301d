// Headless Chromium for the browser tests (Debian's /usr/bin/chromium, driven by playwright-core): finding it,
// opening the page, and what the tests read from canvases. In CI a missing browser fails the suite: a skipped
// browser test would let it pass without the page ever being opened.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, type ConsoleMessage, type Page, chromium } from 'playwright-core';
import type { RunningServer } from '../../api/server.ts';
import { listen } from '../api/helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../artifacts/', import.meta.url);
export const INSTALL = 'sudo apt-get install -y chromium';

/** CI=true (or any value but 0/false), as CI services set it. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Whether the browser tests can run: true, false (skip, with a warning), or an error in CI. */
export function browserAvailable(path = CHROMIUM, env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(path)) return true;
  if (inCi(env)) throw new Error(`${path} is missing: CI must install Debian's chromium (${INSTALL}; .ci/run does) so the browser tests run.`);
  console.warn(`Skipping the browser tests: ${path} is absent (${INSTALL}).`);
  return false;
}

export async function launch(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens the page; returns the console errors and page errors seen, as they come. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

export const ready = (page: Page) => page.waitForSelector('body[data-ready="true"]');

/** Changes a filter and waits for the page to redraw. */
export async function choose(page: Page, select: string, value: string): Promise<void> {
  await page.selectOption(select, value);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await ready(page);
}

/** Opens one of the views (icb, provider, data, scenario) and waits for it to be drawn. */
export async function showView(page: Page, view: string): Promise<void> {
  await page.click(`#tab-${view}`);
  await page.waitForFunction((v) => document.body.dataset.view === v && document.body.dataset.ready === 'true', view);
}

/** Pixels painted on a canvas (0 when nothing was drawn). */
export function painted(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  }, id);
}

interface ChartData {
  labels: string[];
  datasets: Array<{ label: string; data: unknown[] }>;
}

/** The data a Chart.js chart on a canvas was drawn from. */
export function chartData(page: Page, id: string): Promise<ChartData> {
  return page.evaluate((canvasId) => {
    const chart = (window as unknown as { Chart: { getChart(c: Element): { data: ChartData } | undefined } }).Chart.getChart(document.getElementById(canvasId)!);
    if (!chart) return { labels: [], datasets: [] };
    return { labels: chart.data.labels as string[], datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data as unknown[] })) };
  }, id);
}

/** Data points a chart shows (numbers, non-zero ranges and points; nulls and zeros are not data). */
export function dataPoints(chart: ChartData): number {
  const has = (v: unknown) => (typeof v === 'number' ? v !== 0 : Array.isArray(v) ? v.some((x) => typeof x === 'number' && x !== 0) : v !== null && typeof v === 'object');
  return chart.datasets.reduce((n, d) => n + d.data.filter(has).length, 0);
}

export interface PageServer {
  server: RunningServer;
  browser: Browser;
  /** Closes the browser and the server, then removes the fixture folder. */
  stop: () => Promise<void>;
}

/** A real server over a fixture folder and a headless Chromium, for one describe block of page tests. */
export async function startPageServer(fixture: () => Promise<{ dir: string; cleanup: () => Promise<void> }>): Promise<PageServer> {
  const fx = await fixture();
  const server = await listen(fx.dir);
  const browser = await launch();
  return {
    server,
    browser,
    stop: async () => {
      await browser.close();
      await server.close();
      await fx.cleanup();
    },
  };
}
