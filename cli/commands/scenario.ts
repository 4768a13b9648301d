import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PathcostError } from '../../engine/errors.ts';
import { runScenario } from '../../engine/scenarios/index.ts';
import type { ScenarioResult } from '../../schemas/api/scenarios.ts';

export function registerScenario(program: Command): void {
  program
    .command('scenario')
    .description('Run a what-if scenario (JSON, see scenarios/) against a build: baseline against scenario by provider, step, setting and unit, and the waterfall of changes.')
    .requiredOption('--data <dir>', 'output folder of a build')
    .requiredOption('--scenario <file>', 'scenario JSON file')
    .option('--out <dir>', 'write <id>.json (the whole answer) and <id>-cells.csv there')
    .action(async (o) => {
      const started = performance.now();
      const result = await runScenario(o.data, await readScenario(o.scenario));
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`${summary(result)}\n(${seconds.toFixed(2)} s)\n`);
      if (o.out) {
        await mkdir(o.out, { recursive: true });
        await writeFile(join(o.out, `${result.scenario.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
        await writeFile(join(o.out, `${result.scenario.id}-cells.csv`), cellsCsv(result));
        process.stdout.write(`wrote ${join(o.out, `${result.scenario.id}.json`)} and ${result.scenario.id}-cells.csv\n`);
      }
    });
}

async function readScenario(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PathcostError('BAD_OPTION', `Cannot read the scenario ${file}: ${(err as Error).message}`, 'Give a JSON file shaped as scenarios/scenario.schema.json.', { file });
  }
}

const gbp = (x: number | null) => (x === null ? '*' : x.toLocaleString('en-GB', { style: 'currency', currency: 'GBP' }));

function summary(r: ScenarioResult): string {
  const lines = [`${r.scenario.name} — ${r.scenario.pathway_id} (build ${r.build.run_id}; * = fewer than ${r.build.suppression_threshold} episodes, or a complement)`];
  for (const bar of r.waterfall) lines.push(`  ${bar.label.padEnd(48)} ${gbp(bar.gbp).padStart(16)}${bar.units ? `  ${Object.entries(bar.units).map(([u, n]) => `${n} ${u}`).join(', ')}` : ''}`);
  for (const p of r.prices) lines.push(`  price: ${p.change}: £${p.gbp} — ${p.source}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

function cellsCsv(r: ScenarioResult): string {
  const columns = Object.keys(r.cells[0] ?? {}) as Array<keyof ScenarioResult['cells'][number]>;
  const value = (v: unknown) => (v === null ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  return `${[columns.join(','), ...r.cells.map((c) => columns.map((k) => value(c[k])).join(','))].join('\n')}\n`;
}
