// `pathcost generate`: deterministic sample feeds at any scale (sample-data/generate.ts).
import type { Command } from 'commander';
import { generateSampleData } from '../../sample-data/generate.ts';
import { DEFAULTS } from '../../sample-data/options.ts';

const number = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write every input feed for a synthetic population (DuckDB SQL, seeded: same options ⇒ identical files), optionally with faults.')
    .requiredOption('--patients <n>', 'number of registered patients (1 to 10,000,000)', number)
    .requiredOption('--out <dir>', 'output folder (created if missing; feed files in it are overwritten)')
    .option('--seed <n>', 'random seed', number, DEFAULTS.seed)
    .option('--format <format>', 'csv or parquet', DEFAULTS.format)
    .option('--faults <rate>', 'fraction of rows of each activity feed given one fault, listed in faults.csv', number, DEFAULTS.faults)
    .option('--from <date>', 'first day of the period (YYYY-MM-DD)', DEFAULTS.from)
    .option('--to <date>', 'last day of the period (YYYY-MM-DD)', DEFAULTS.to)
    .option('--cohort-boost <k>', 'multiplier on hip and knee replacement rates (more episodes from few patients)', number, DEFAULTS.cohortBoost)
    .addHelpText('after', '\nExample:\n  npx pathcost generate --patients 100000 --out data/100k --faults 0.005\n')
    .action(async (o) => {
      const result = await generateSampleData({
        patients: o.patients, seed: o.seed, out: o.out, format: o.format, faults: o.faults, from: o.from, to: o.to, cohortBoost: o.cohortBoost,
      });
      const width = Math.max(...result.files.map((f) => f.file.length));
      for (const f of result.files) console.log(`${f.file.padEnd(width)}  ${f.rows.toLocaleString('en-GB').padStart(12)} rows`);
      console.log(`${'faults.csv'.padEnd(width)}  ${result.faults.total.toLocaleString('en-GB').padStart(12)} faults`);
      const episodes = Object.entries(result.episodes).map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(`${result.activityRows.toLocaleString('en-GB')} activity rows; replacement episodes: ${episodes || 'none'}`);
      console.log(`written to ${result.out} in ${result.seconds.toFixed(1)} s (details in generation.json)`);
    });
}
