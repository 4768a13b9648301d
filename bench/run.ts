// `pathcost bench`: generate (or reuse) data, run the full build, and report per stage seconds, rows and peak
// RSS, against a floor measured in the same run. Results go to bench/results/<date>-<N>[-format].{json,md}.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format as formatDate } from 'date-fns';
import { type BuildResult, build } from '../engine/build.ts';
import { PathcostError } from '../engine/errors.ts';
import { generateSampleData } from '../sample-data/generate.ts';
import { type FloorResult, measureFloor } from './floor.ts';
import { RssSampler } from './memory.ts';

export interface BenchOptions {
  patients: number;
  format: 'csv' | 'parquet';
  dataDir?: string;
  seed?: number;
  memoryLimit?: string;
  /** Builds to run (each after its own floor); the median run is reported. This machine varies run to run. */
  runs?: number;
  /** Pathway ids to build (as `build --pathways`); every definition in pathways/ when absent. */
  pathways?: string[];
  /** Where the result files go (bench/results by default). */
  resultsDir?: string;
  log?: (line: string) => void;
}

export interface StageFigure {
  stage: string;
  seconds: number;
  peakRssMiB: number;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  patients: number;
  format: string;
  /** The pathway ids built, or 'all' (every definition in pathways/). */
  pathways: string[] | 'all';
  inputRows: number;
  generateSeconds: number | null;
  /** Of the median run (by build seconds); every run in `runs`. The floor is the typed read of every column. */
  floorSeconds: number;
  /** The one-column read (patient ids grouped) of the same run, the floor of benchmarks before issue 19. */
  oneColumnFloorSeconds: number;
  buildSeconds: number;
  ratioToFloor: number;
  runs: Array<{ floorSeconds: number; oneColumnFloorSeconds: number; buildSeconds: number; ingestSeconds: number }>;
  /** Load + validate + normalise + price (everything before episodes): the median over the runs. */
  ingestSeconds: number;
  rowsPerSecond: number;
  peakRssMiB: number;
  maxRowsToJs: number;
  stages: StageFigure[];
  counts: Record<string, number>;
}

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
/** The stages that turn input files into priced activity. */
const INGEST_STAGES = ['load', 'validate', 'normalise', 'price'];

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? console.log;
  const count = options.runs ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 9) {
    throw new PathcostError('BAD_OPTION', `--runs must be a whole number from 1 to 9 (got ${options.runs}).`, 'For example --runs 3 reports the median of three builds.');
  }
  const dataDir = options.dataDir ?? join('bench', 'data', `${options.patients}-${options.format}-seed${options.seed ?? 1}`);
  let generateSeconds: number | null = null;
  if (!existsSync(join(dataDir, 'generation.json'))) {
    log(`generating ${options.patients} patients (${options.format}) into ${dataDir}…`);
    const t = performance.now();
    await generateSampleData({ patients: options.patients, seed: options.seed ?? 1, out: dataDir, format: options.format, faults: 0, from: '2023-04-01', to: '2025-03-31' });
    generateSeconds = (performance.now() - t) / 1000;
  } else log(`reusing ${dataDir}`);

  const runs: Run[] = [];
  for (let i = 0; i < count; i++) {
    if (count > 1) log(`run ${i + 1} of ${count}`);
    runs.push(await floorAndBuild(dataDir, options, log));
  }
  const median = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)];
  const medianRun = median(runs, (r) => r.build.seconds);
  const { floor, build: result, stages } = medianRun;
  const eachRun = runs.map((r) => ({ floorSeconds: round(r.floor.seconds), oneColumnFloorSeconds: round(r.floor.oneColumnSeconds), buildSeconds: round(r.build.seconds), ingestSeconds: ingestSeconds(r.stages) }));
  const bench: BenchResult = {
    date: formatDate(new Date(), 'yyyy-MM-dd'),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    patients: options.patients, format: options.format, pathways: options.pathways ?? 'all', inputRows: floor.rows, generateSeconds: generateSeconds && round(generateSeconds),
    floorSeconds: round(floor.seconds), oneColumnFloorSeconds: round(floor.oneColumnSeconds), buildSeconds: round(result.seconds), ratioToFloor: round(result.seconds / floor.seconds),
    runs: eachRun,
    ingestSeconds: median(eachRun, (r) => r.ingestSeconds).ingestSeconds,
    rowsPerSecond: Math.round(floor.rows / result.seconds), peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)), maxRowsToJs: Math.max(...runs.map((r) => r.build.maxRowsToJs)),
    stages, counts: result.counts,
  };
  await saveResult(bench, options.resultsDir ?? RESULTS);
  log(markdownTable([bench]));
  return bench;
}

interface Run {
  floor: FloorResult;
  build: BuildResult;
  stages: StageFigure[];
  peakRssMiB: number;
}

/** One floor (read twice: the faster, warm-cache read counts) and one full build after it. */
async function floorAndBuild(dataDir: string, options: BenchOptions, log: (line: string) => void): Promise<Run> {
  log('floor: DuckDB reading every column of every input file, typed, nothing checked or written (twice: the faster, warm-cache run counts)…');
  // The first read may come from disk and the build then reads from the page cache: timing only a cold floor
  // would flatter the ratio.
  const floors = [await measureFloor(dataDir, options.format, options.memoryLimit), await measureFloor(dataDir, options.format, options.memoryLimit)];
  const floor = { ...(floors[0].seconds < floors[1].seconds ? floors[0] : floors[1]), oneColumnSeconds: Math.min(floors[0].oneColumnSeconds, floors[1].oneColumnSeconds) };
  log(`  typed read of every column ${floor.seconds.toFixed(2)} s; one-column read ${floor.oneColumnSeconds.toFixed(2)} s`);
  const rss = new RssSampler();
  const stages: StageFigure[] = [];
  const out = join(dataDir, '..', `out-${options.patients}-${options.format}`);
  const result = await build({
    input: dataDir, out, memoryLimit: options.memoryLimit, asOf: '2026-01-01', pathways: options.pathways,
    onStage: (e) => {
      if (e.phase === 'start') rss.reset();
      else stages.push({ stage: e.stage, seconds: round(e.seconds!), peakRssMiB: rss.reset() });
      log(`  ${e.stage} ${e.phase === 'end' ? `${e.seconds!.toFixed(2)} s` : '…'}`);
    },
  });
  return { floor, build: result, stages, peakRssMiB: rss.stop() };
}

async function saveResult(bench: BenchResult, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const name = `${bench.date}-${bench.patients}-${bench.format}${bench.pathways === 'all' ? '' : `-${bench.pathways.join('+')}`}`;
  await writeFile(join(dir, `${name}.json`), `${JSON.stringify(bench, null, 2)}\n`);
  await writeFile(join(dir, `${name}.md`), `${markdownTable([bench])}\n`);
}

export function markdownTable(results: BenchResult[]): string {
  const stageNames = [...new Set(results.flatMap((r) => r.stages.map((s) => s.stage)))];
  const header = ['patients', 'format', 'pathways', 'input rows', 'floor s', 'one-column read s', 'build s', '× floor', 'each build s', 'ingest s', 'each ingest s', 'rows/s', 'peak RSS MiB', 'max rows to JS', ...stageNames.map((s) => `${s} s`)];
  const rows = results.map((r) => [
    r.patients.toLocaleString('en-GB'), r.format, r.pathways === 'all' ? 'all' : r.pathways.join(', '), r.inputRows.toLocaleString('en-GB'), r.floorSeconds, r.oneColumnFloorSeconds, r.buildSeconds, r.ratioToFloor,
    r.runs.map((x) => x.buildSeconds).join(', '), r.ingestSeconds, r.runs.map((x) => x.ingestSeconds).join(', '),
    r.rowsPerSecond.toLocaleString('en-GB'), r.peakRssMiB, r.maxRowsToJs, ...stageNames.map((s) => r.stages.find((x) => x.stage === s)?.seconds ?? ''),
  ]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const round = (x: number) => Math.round(x * 100) / 100;
const ingestSeconds = (stages: StageFigure[]) => round(stages.filter((s) => INGEST_STAGES.includes(s.stage)).reduce((sum, s) => sum + s.seconds, 0));
