// Scenario timing: runs each scenario against a build several times and reports wall and CPU seconds per run
// (median), the build's episode_step_cost rows, and the machine's load (the target, ≤ 2 s on a 1M-patient build,
// is for a machine that is not shared; CPU seconds show the work whatever the load).
//   npx tsx bench/scenario.ts --data OUT --runs 5 scenarios/*.json
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Db } from '../engine/db.ts';
import { runScenario } from '../engine/scenarios/index.ts';

export interface ScenarioTiming {
  scenario: string;
  wallSeconds: number;
  cpuSeconds: number;
  cells: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function timeScenario(dataDir: string, file: string, runs: number): Promise<ScenarioTiming> {
  const scenario = JSON.parse(await readFile(file, 'utf8'));
  const wall: number[] = [];
  const cpu: number[] = [];
  let cells = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    cells = (await runScenario(dataDir, scenario)).cells.length;
    const used = process.cpuUsage(c);
    wall.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { scenario: scenario.id, wallSeconds: median(wall), cpuSeconds: median(cpu), cells };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string', default: '5' } }, allowPositionals: true });
  if (!values.data || !positionals.length) throw new Error('usage: npx tsx bench/scenario.ts --data OUT [--runs N] scenario.json…');
  const db = await Db.open({ path: join(values.data, 'pathcost.duckdb'), readOnly: true });
  const [{ n }] = await db.all<{ n: number }>('select count(*)::integer as n from episode_step_cost');
  db.close();
  console.log(`build ${values.data}: ${n} episode_step_cost rows; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const file of positionals) {
    const t = await timeScenario(values.data, file, Number(values.runs));
    console.log(`${t.scenario.padEnd(40)} wall ${t.wallSeconds.toFixed(2)} s  cpu ${t.cpuSeconds.toFixed(2)} s  (${t.cells} cells; median of ${values.runs})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
