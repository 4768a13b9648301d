import type { Command } from 'commander';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('Benchmark: generate (or reuse) data, run the full build, report seconds, rows/s and peak RSS per stage against a floor.')
    .option('--patients <n>', 'patients to generate', '100000')
    .option('--format <csv|parquet>', 'input format', 'csv')
    .option('--data <dir>', 'use (or create) this data folder instead of bench/data/<n>-<format>-seed1')
    .option('--memory-limit <size>', 'DuckDB memory limit, e.g. 4GB')
    .option('--pathways <ids>', 'comma-separated pathway ids to build (default: every definition in pathways/)')
    .option('--runs <n>', 'builds to run, each after its own floor; the median run is reported', '1')
    .action(async (o) => {
      const { runBench } = await import('../../bench/run.ts');
      await runBench({ patients: Number(o.patients), format: o.format === 'parquet' ? 'parquet' : 'csv', dataDir: o.data, memoryLimit: o.memoryLimit, runs: Number(o.runs), pathways: o.pathways?.split(',').map((id: string) => id.trim()) });
    });
}
