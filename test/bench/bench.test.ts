// The benchmark run for real on a small population: it generates the data, measures a floor before each
// build, reports the median build with its stages, and writes the JSON and Markdown result files.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchResult, runBench } from '../../bench/run.ts';

let dir: string;
let result: BenchResult;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-bench-'));
  result = await runBench({ patients: 3000, format: 'csv', dataDir: join(dir, 'data'), resultsDir: join(dir, 'results'), runs: 3, log: (l) => lines.push(l) });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bench', () => {
  it('reports the median of three builds, each after its own floor', () => {
    expect(result.runs).toHaveLength(3);
    const builds = result.runs.map((r) => r.buildSeconds).sort((a, b) => a - b);
    expect(result.buildSeconds).toBe(builds[1]);
    // the floor measured before that build (two builds may round to the same hundredth)
    expect(result.runs.filter((r) => r.buildSeconds === result.buildSeconds).map((r) => r.floorSeconds)).toContain(result.floorSeconds);
    // ratio = build / floor before each is rounded to 0.01 s: allow for that rounding only
    const slack = 0.005 * result.ratioToFloor + 0.005 + 0.005 * result.floorSeconds;
    expect(Math.abs(result.ratioToFloor * result.floorSeconds - result.buildSeconds)).toBeLessThanOrEqual(slack);
    expect(lines.filter((l) => l.startsWith('floor:'))).toHaveLength(3);
  });

  it('counts every row of every generated feed in the floor, and times the one-column read beside it', async () => {
    const generation = JSON.parse(await readFile(join(dir, 'data', 'generation.json'), 'utf8'));
    const rows: Record<string, number> = generation.rows;
    expect(result.inputRows).toBe(Object.values(rows).reduce((a, b) => a + b, 0));
    expect(result.oneColumnFloorSeconds).toBeGreaterThan(0);
    expect(result.generateSeconds).toBeGreaterThan(0);
  });

  it('gives every stage of the median build, within its total, and the JS row count', () => {
    expect(result.stages.map((s) => s.stage)).toEqual(['load', 'validate', 'normalise', 'price', 'episodes', 'attribute', 'aggregate', 'publish']);
    const sum = result.stages.reduce((s, x) => s + x.seconds, 0);
    expect(sum).toBeLessThanOrEqual(result.buildSeconds + 0.05);
    expect(result.peakRssMiB).toBeGreaterThanOrEqual(Math.max(...result.stages.map((s) => s.peakRssMiB)));
    expect(result.maxRowsToJs).toBeGreaterThan(0);
    expect(result.maxRowsToJs).toBeLessThanOrEqual(100_000);
  });

  it('writes the JSON and a Markdown table with each build', async () => {
    const files = (await readdir(join(dir, 'results'))).sort();
    expect(files).toEqual([`${result.date}-3000-csv.json`, `${result.date}-3000-csv.md`]);
    expect(JSON.parse(await readFile(join(dir, 'results', files[0]), 'utf8'))).toEqual(result);
    const [header, , row] = (await readFile(join(dir, 'results', files[1]), 'utf8')).trim().split('\n');
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    const each = cells(row)[cells(header).indexOf('each build s')];
    expect(each.split(', ').map(Number)).toEqual(result.runs.map((r) => r.buildSeconds));
    const ingest = cells(row)[cells(header).indexOf('each ingest s')];
    expect(ingest.split(', ').map(Number)).toEqual(result.runs.map((r) => r.ingestSeconds));
  });

  it('reports ingest (load to price) of each build, and its median over the builds', () => {
    const first = ['load', 'validate', 'normalise', 'price'];
    const medianRunIngest = result.stages.filter((s) => first.includes(s.stage)).reduce((sum, s) => sum + s.seconds, 0);
    // the median build's ingest (two builds may round to the same hundredth)
    const ofMedianBuild = result.runs.filter((r) => r.buildSeconds === result.buildSeconds).map((r) => r.ingestSeconds);
    expect(ofMedianBuild).toContain(Math.round(medianRunIngest * 100) / 100);
    for (const r of result.runs) expect(r.ingestSeconds).toBeLessThan(r.buildSeconds);
    expect(result.ingestSeconds).toBe(result.runs.map((r) => r.ingestSeconds).sort((a, b) => a - b)[1]);
  });

  it('builds only the pathways asked for, and says so in its figures and file names', async () => {
    expect(result.pathways).toBe('all');
    const knee = await runBench({ patients: 3000, format: 'csv', dataDir: join(dir, 'data'), resultsDir: join(dir, 'knee-results'), runs: 1, pathways: ['knee-replacement'], log: () => {} });
    expect(knee.pathways).toEqual(['knee-replacement']);
    expect(knee.inputRows).toBe(result.inputRows);
    // the same input, fewer pathways: fewer episodes
    expect(knee.counts.episode).toBeGreaterThan(0);
    expect(knee.counts.episode).toBeLessThan(result.counts.episode);
    const files = (await readdir(join(dir, 'knee-results'))).sort();
    expect(files).toEqual([`${knee.date}-3000-csv-knee-replacement.json`, `${knee.date}-3000-csv-knee-replacement.md`]);
    const [header, , row] = (await readFile(join(dir, 'knee-results', files[1]), 'utf8')).trim().split('\n');
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    expect(cells(row)[cells(header).indexOf('pathways')]).toBe('knee-replacement');
  });

  it('refuses a number of runs it cannot take the median of, before generating anything', async () => {
    const data = join(dir, 'never');
    await expect(runBench({ patients: 3000, format: 'csv', dataDir: data, resultsDir: join(dir, 'never-results'), runs: 0, log: () => {} })).rejects.toThrow(/--runs must be a whole number/);
    await expect(readdir(data)).rejects.toThrow(/ENOENT/);
  });
});
