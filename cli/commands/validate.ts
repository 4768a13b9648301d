import type { Command } from 'commander';
import { validateInput } from '../validate-input.ts';
import { loadMapping, mergeMappings } from '../../engine/mapping.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check a folder of feeds and report what would be quarantined, and why, and which files are not read. Changes nothing; exits non-zero when a required feed (patients, apc_spells) has no file.')
    .requiredOption('--input <dir>', 'folder with one CSV/Parquet file (or folder) per feed')
    .option('--mapping <files...>', 'mapping file(s) or presets (sus-ncdr, asc-cld)')
    .option('--report <file>', 'write every quarantined row to this CSV file')
    .option('--as-of <YYYY-MM-DD>', 'run date for the future-date check (default today)')
    .option('--strict', 'exit non-zero when any row would be quarantined')
    .action(async (o) => {
      const mapping = o.mapping ? mergeMappings(await Promise.all((o.mapping as string[]).map(loadMapping))) : undefined;
      const report = await validateInput({ input: o.input, mapping, asOf: o.asOf, reportFile: o.report });
      for (const f of report.feeds) {
        const missing = f.required ? 'MISSING: required, a build stops without it' : 'missing (reported as missing, never as zero cost)';
        const status = f.present ? `${f.rows} rows, ${f.quarantined} quarantined` : missing;
        console.log(`${f.feed.padEnd(24)} ${status}`);
        for (const r of f.reasons) console.log(`    ${String(r.n).padStart(8)}  ${r.reason}  e.g. ${example(r)}`);
        for (const r of f.cleared) console.log(`    ${String(r.n).padStart(8)}  value cleared (${r.reason}), row kept  e.g. ${example(r)}`);
        if (f.absentColumns.length) console.log(`    optional columns absent (read as empty on every row): ${f.absentColumns.join(', ')}`);
        if (f.extraColumns.length) console.log(`    columns not read (not mapped): ${f.extraColumns.join(', ')}`);
      }
      if (report.unrecognised.length) {
        console.log('Not recognised (not read):');
        for (const u of report.unrecognised) console.log(`    ${u.name}${u.resembles ? `  → looks like ${u.resembles}` : ''}`);
      }
      if (o.report) console.log(`Quarantine report written to ${o.report}`);
      if (report.missingFeeds) throw report.missingFeeds;
      if (o.strict && report.feeds.some((f) => f.quarantined > 0)) process.exitCode = 2;
    });
}

/**
 * An example row as an editor finds it: source_row counts data lines (header excluded), so its line is one more;
 * a malformed line's detail already begins with that line, said once.
 */
function example(r: { example_row: number; example: string }): string {
  return `line ${r.example_row + 1}: ${r.example.replace(/^line \d+: /, '')}`;
}
