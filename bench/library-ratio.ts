// The pathway library's cost (issue 20): the same input built with knee and hip only and with every shipped
// pathway, alternately, so both see the same machine; the ratio of the medians is the figure to report. The
// process's CPU seconds are printed beside the wall seconds, a second view of the same builds: on this shared
// 2-core machine the same build's wall time varies by a fifth from run to run.
//   npx tsx bench/library-ratio.ts --input DIR [--runs 3]
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { build } from '../engine/build.ts';
import { RssSampler } from './memory.ts';

const KNEE_AND_HIP = ['knee-replacement', 'hip-replacement'];

interface Timing {
  seconds: number;
  /** User + system CPU seconds of this process (DuckDB's threads included) during the build. */
  cpuSeconds: number;
  peakRssMiB: number;
  stages: Record<string, number>;
  episodes: number;
  stepRows: number;
}

async function timedBuild(input: string, pathways: string[] | undefined): Promise<Timing> {
  const out = join(tmpdir(), 'pathcost-library-ratio');
  const rss = new RssSampler();
  const cpu = process.cpuUsage();
  const stages: Record<string, number> = {};
  const result = await build({
    input, out, asOf: '2026-01-01', pathways,
    onStage: (e) => {
      if (e.phase === 'end') stages[e.stage] = Math.round(e.seconds! * 100) / 100;
    },
  });
  const used = process.cpuUsage(cpu);
  const peakRssMiB = rss.stop();
  await rm(out, { recursive: true, force: true });
  return { seconds: result.seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB, stages, episodes: result.counts.episode, stepRows: result.counts.episode_step_cost };
}

const { values } = parseArgs({ options: { input: { type: 'string' }, runs: { type: 'string' } } });
if (!values.input) throw new Error('--input DIR is required');
const runs = Number(values.runs ?? 3);
const kneeHip: Timing[] = [];
const library: Timing[] = [];
for (let i = 0; i < runs; i++) {
  kneeHip.push(await timedBuild(values.input, KNEE_AND_HIP));
  library.push(await timedBuild(values.input, undefined));
  console.log(`run ${i + 1}: knee+hip ${kneeHip[i].seconds.toFixed(1)} s (CPU ${kneeHip[i].cpuSeconds.toFixed(1)} s), library ${library[i].seconds.toFixed(1)} s (CPU ${library[i].cpuSeconds.toFixed(1)} s)`);
}
/** The middle item by `key` (the lower of the two middle ones for an even count). */
const middle = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)];
const medianOf = (xs: number[]) => middle(xs, (x) => x);
const [k, l] = [middle(kneeHip, (x) => x.seconds), middle(library, (x) => x.seconds)];
const stageNames = Object.keys(l.stages);
console.log(`| pathways | build s (median of ${runs}) | each s | CPU s (median) | each CPU s | peak RSS MiB | episodes | step rows | ${stageNames.map((s) => `${s} s`).join(' | ')} |`);
console.log(`|---|---|---|---|---|---|---|---|${stageNames.map(() => '---').join('|')}|`);
for (const [name, m, all] of [['knee + hip', k, kneeHip], ['whole library', l, library]] as const) {
  const cpu = all.map((x) => x.cpuSeconds);
  console.log(`| ${name} | ${m.seconds.toFixed(1)} | ${all.map((x) => x.seconds.toFixed(1)).join(', ')} | ${medianOf(cpu).toFixed(1)} | ${cpu.map((x) => x.toFixed(1)).join(', ')} | ${Math.max(...all.map((x) => x.peakRssMiB))} | ${m.episodes} | ${m.stepRows} | ${stageNames.map((s) => m.stages[s] ?? '').join(' | ')} |`);
}
const cpuRatio = medianOf(library.map((x) => x.cpuSeconds)) / medianOf(kneeHip.map((x) => x.cpuSeconds));
console.log(`library ÷ knee+hip: ${(l.seconds / k.seconds).toFixed(2)}× (CPU seconds: ${cpuRatio.toFixed(2)}×)`);
