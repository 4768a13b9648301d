import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { reportTable, variationReport } from '../report.ts';
import { comparisonTarget } from '../../engine/stages/07-aggregate/opportunity.ts';
import { COMPARISON_BASES } from '../../schemas/tables/variation.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Print the case-mix adjusted provider comparison of one pathway (n, mean, O/E with funnel limits, opportunity).')
    .requiredOption('--data <dir>', 'output folder of a build')
    .option('--pathway <id>', 'pathway id', 'knee-replacement')
    .option('--basis <basis>', COMPARISON_BASES.join(', '), 'actual')
    .option('--view <view>', 'raw or winsorised', 'raw')
    .option('--target <target>', "opportunity target: median, lower_quartile, mean or an amount in £ per episode (default: the build's)")
    .option('--format <format>', 'text, markdown or csv', 'text')
    .option('--output <file>', 'write to a file instead of the terminal')
    .action(async (o) => {
      const target = o.target === undefined ? undefined : comparisonTarget(o.target);
      const { rows, threshold, method } = await variationReport(o.data, o.pathway, o.basis, o.view, target);
      const format = ['markdown', 'csv'].includes(o.format) ? o.format : 'text';
      const text = `${reportTable(rows, format, threshold, method)}\n`;
      if (o.output) await writeFile(o.output, text);
      else process.stdout.write(text);
    });
}
