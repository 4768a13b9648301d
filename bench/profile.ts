// Where a build spends its time, statement by statement: runs one build with every DuckDB statement timed and
// prints the slowest, each with the stage it ran in and its first line.
//   npx tsx bench/profile.ts --input DIR [--top 25] [--pathways knee-replacement,hip-replacement] [--memory-limit 4GB]
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { build } from '../engine/build.ts';
import { Db } from '../engine/db.ts';

interface Timed {
  stage: string;
  seconds: number;
  sql: string;
}

const { values } = parseArgs({ options: { input: { type: 'string' }, top: { type: 'string' }, out: { type: 'string' }, pathways: { type: 'string' }, 'memory-limit': { type: 'string' } } });
if (!values.input) throw new Error('--input DIR is required');
const timed: Timed[] = [];
let stage = 'before load';
for (const method of ['run', 'all'] as const) {
  const original = Db.prototype[method] as (...args: unknown[]) => Promise<unknown>;
  (Db.prototype as unknown as Record<string, unknown>)[method] = async function (this: Db, ...args: unknown[]) {
    const t = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      timed.push({ stage, seconds: (performance.now() - t) / 1000, sql: String(args[0]) });
    }
  };
}
const out = values.out ?? '/tmp/pathcost-profile-out';
const result = await build({
  input: values.input, out, asOf: '2026-01-01', pathways: values.pathways?.split(','), memoryLimit: values['memory-limit'],
  onStage: (e) => {
    if (e.phase === 'start') stage = e.stage;
    else {
      console.log(`${e.stage} ${e.seconds!.toFixed(2)} s`);
      stage = `after ${e.stage}`;
    }
  },
});
await rm(out, { recursive: true, force: true });
console.log(`build ${result.seconds.toFixed(2)} s; statements ${timed.length}, ${timed.reduce((s, x) => s + x.seconds, 0).toFixed(2)} s`);
// statement time per stage: a stage's time less it is JavaScript (the disclosure audit's elimination, for one)
const byStage = new Map<string, number>();
for (const t of timed) byStage.set(t.stage, (byStage.get(t.stage) ?? 0) + t.seconds);
console.log(`statement s by stage: ${[...byStage].map(([s, x]) => `${s} ${x.toFixed(2)}`).join(', ')}`);
const firstLine = (sql: string) => sql.trim().split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ').slice(0, 150);
for (const t of [...timed].sort((a, b) => b.seconds - a.seconds).slice(0, Number(values.top ?? 25))) {
  console.log(`${t.seconds.toFixed(2).padStart(7)} s  ${t.stage.padEnd(16)} ${firstLine(t.sql)}`);
}
