import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { reportTable, variationReport } from '../../engine/report.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Print the case-mix adjusted provider comparison of one pathway (n, mean, O/E with funnel limits, opportunity).')
    .requiredOption('--data <dir>', 'output folder of a build')
    .option('--pathway <id>', 'pathway id', 'knee-replacement')
    .option('--basis <basis>', 'actual, condition, standardised, overhead_standardised or mff_neutral', 'actual')
    .option('--view <view>', 'raw or winsorised', 'raw')
    .option('--format <format>', 'text, markdown or csv', 'text')
    .option('--output <file>', 'write to a file instead of the terminal')
    .action(async (o) => {
      const { rows, threshold } = await variationReport(o.data, o.pathway, o.basis, o.view);
      const format = ['markdown', 'csv'].includes(o.format) ? o.format : 'text';
      const text = `${reportTable(rows, format, threshold)}\n`;
      if (o.output) await writeFile(o.output, text);
      else process.stdout.write(text);
    });
}
