// `npm start`: generate the demonstration sample (once), build it when anything it is built from changed, then
// serve it. The sample is large enough that every view of the page has content at its default selection (knee
// replacement, the ICB, all months) and most provider-months are published, and small enough to start in seconds.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { REFERENCE_DIR } from '../../engine/manifest.ts';
import { DEFAULT_PATHWAYS_DIR } from '../../engine/pathways.ts';
import { staleBecause } from '../stale.ts';
import { stageReporter } from '../progress.ts';

/** What a build reads besides the feeds, from the folders the engine reads them in: definitions (and code lists) and reference tables. */
const DEFINITIONS = [DEFAULT_PATHWAYS_DIR, REFERENCE_DIR];

/**
 * 20,000 patients with hip and knee replacement rates × 40: about 1,000 knee and 900 hip episodes over 24 months,
 * 140–280 per trust, so the ICB is published in every month and each trust in most; faults as in the committed
 * sample, so the data panel has quarantine to show.
 */
export const START_SAMPLE = { patients: 20_000, seed: 1, format: 'csv', faults: 0.005, from: '2023-04-01', to: '2025-03-31', cohortBoost: 40 } as const;

/** True when `dir` holds the sample START_SAMPLE describes (by its generation.json). */
async function sampleIsCurrent(dir: string): Promise<boolean> {
  const file = join(dir, 'generation.json');
  if (!existsSync(file)) return false;
  const { parameters } = JSON.parse(await readFile(file, 'utf8')) as { parameters: Record<string, unknown> };
  const { cohortBoost, ...rest } = START_SAMPLE;
  return JSON.stringify(parameters) === JSON.stringify({ ...rest, cohort_boost: cohortBoost });
}

async function ensureSample(dir: string, log: (line: string) => void): Promise<void> {
  if (await sampleIsCurrent(dir)) return;
  log(`Generating the sample (${START_SAMPLE.patients.toLocaleString('en-GB')} patients) into ${dir}…`);
  const { generateSampleData } = await import('../../sample-data/generate.ts');
  const result = await generateSampleData({ ...START_SAMPLE, out: dir });
  log(`Generated ${result.activityRows.toLocaleString('en-GB')} activity rows in ${result.seconds.toFixed(1)} s.`);
}

export interface StartOptions {
  out: string;
  /** Feeds folder; the generated sample in `<out>-input` when absent. */
  input?: string;
  rebuild?: boolean;
  log?: (line: string) => void;
}

/** What `start` does before it serves: the sample, and a build when something it is built from changed. */
export async function prepareStart(o: StartOptions): Promise<{ input: string; built: boolean }> {
  const log = o.log ?? ((line: string) => console.log(line));
  const input = o.input ?? `${o.out}-input`;
  if (!o.input) await ensureSample(input, log);
  const reason = o.rebuild ? 'asked to rebuild' : await staleBecause(o.out, [input, ...DEFINITIONS]);
  if (!reason) {
    log(`${o.out} is up to date with ${input}, pathways/ and reference/.`);
    return { input, built: false };
  }
  log(`Building ${o.out} (${reason})…`);
  const { build } = await import('../../engine/build.ts');
  const progress = o.log ? undefined : stageReporter();
  try {
    const result = await build({ input, out: o.out, onStage: progress?.onStage });
    log(`Built ${o.out}: ${result.counts.episode} episodes from ${result.counts.activity} activity rows in ${result.seconds.toFixed(1)} s.`);
  } finally {
    progress?.stop();
  }
  return { input, built: true };
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Generate the demonstration sample (once), build it when a feed, pathway definition or reference table changed, then serve the API and web page.')
    .option('--input <dir>', 'feeds folder (default: the generated sample in <out>-input)')
    .option('--out <dir>', 'output folder', 'out/sample')
    .option('--port <n>', 'port', '3000')
    .option('--rebuild', 'build even if the output is up to date')
    .action(async (o: { input?: string; out: string; port: string; rebuild?: boolean }) => {
      await prepareStart(o);
      const { startServer } = await import('../../api/server.ts');
      const server = await startServer({ dataDir: o.out, port: Number(o.port), print: (line) => console.log(line) });
      console.log(`Open ${server.devKey ? `${server.url}/#key=${server.devKey}` : server.url}`);
    });
}
