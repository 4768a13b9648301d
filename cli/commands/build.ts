import type { Command } from 'commander';
import { PathcostError } from '../../engine/errors.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../../schemas/disclosure.ts';
import { DEFAULT_MAX_QUARANTINED_SHARE, DEFAULT_MIN_SHARE, checkMinShare, checkShare, describeUnrecognised } from '../../engine/input-guards.ts';
import { loadMapping, mergeMappings } from '../../engine/mapping.ts';
import { DEFAULT_LEDGER_TOLERANCE, ledgerTolerance } from '../../engine/stages/07-aggregate/ledger-reconciliation.ts';
import { comparisonTarget } from '../../engine/stages/07-aggregate/opportunity.ts';
import { stageReporter } from '../progress.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('Build the pathway tables from a folder of feeds: DuckDB file, Parquet (by pathway and month) and CSV.')
    .requiredOption('--input <dir>', 'folder with one CSV/Parquet file (or folder) per feed')
    .requiredOption('--out <dir>', 'output folder (replaced atomically when the build succeeds)')
    .option('--month <YYYY-MM>', 'build the episodes anchored in one month')
    .option('--from <YYYY-MM>', 'first anchor month of a range')
    .option('--to <YYYY-MM>', 'last anchor month of a range')
    .option('--pathways <ids>', 'comma-separated pathway ids (default: all in pathways/)')
    .option('--pathways-dir <dir>', 'folder of pathway definitions (*.json) to build instead of the shipped pathways/')
    .option('--mapping <files...>', 'mapping file(s) or presets (sus-ncdr, asc-cld) renaming local columns')
    .option('--price-year <YYYY/YY>', 'restate every price to this financial year, e.g. 2024/25')
    .option('--target <target>', 'opportunity target: median, lower_quartile, mean (of the providers’ case-mix adjusted means) or an amount in £ per episode, e.g. 9500', 'median')
    .option('--as-of <YYYY-MM-DD>', 'run date for the future-date check (default today)')
    .option('--strict', 'fail when any row is quarantined')
    .option('--suppress <n>', 'smallest count published: counts from 1 to n − 1 are suppressed, with complementary cells (recorded in the manifest; the API, page and report follow it)', String(DEFAULT_SUPPRESSION_THRESHOLD))
    .option('--ledger-tolerance <fraction>', "share of a provider's cost ledger its patient-level cost may differ by per month before data_quality reports the gap", String(DEFAULT_LEDGER_TOLERANCE))
    .option('--memory-limit <size>', 'DuckDB memory limit, e.g. 4GB (spills to disk beyond it)')
    .option('--temp-dir <dir>', 'DuckDB spill folder (default <out>.spill)')
    .option('--export-activity', 'also write the full priced activity table as Parquet')
    .option('--min-share <share>', "stop when a feed has fewer rows than this share of the previous build's in --out (0 never)", String(DEFAULT_MIN_SHARE))
    .option('--allow-shrink', 'build even when a feed has fewer rows than --min-share of the previous build')
    .option('--allow-missing-feeds', 'build even when patients or apc_spells has no file, or a file named like a feed that has none is not read')
    .option('--allow-empty-months', 'build even when --month / --from / --to hold no activity')
    .option('--max-quarantined-share <share>', "stop when more than this share of a feed's rows is quarantined (1 never)", String(DEFAULT_MAX_QUARANTINED_SHARE))
    .action(async (o) => {
      const month = (name: string, v?: string) => {
        if (v !== undefined && !MONTH.test(v)) throw new PathcostError('BAD_OPTION', `--${name} "${v}" is not a month.`, 'Use YYYY-MM, e.g. 2024-06.');
        return v;
      };
      const fromMonth = month('month', o.month) ?? month('from', o.from);
      const toMonth = month('month', o.month) ?? month('to', o.to);
      const minShare = checkMinShare(o.minShare as string);
      const maxQuarantinedShare = checkShare('--max-quarantined-share', o.maxQuarantinedShare as string);
      const target = comparisonTarget(o.target);
      const tolerance = ledgerTolerance(o.ledgerTolerance);
      const mapping = o.mapping ? mergeMappings(await Promise.all((o.mapping as string[]).map(loadMapping))) : undefined;
      // Loaded on use, so `pathcost --help` and other verbs start fast.
      const { build } = await import('../../engine/build.ts');
      const progress = stageReporter();
      try {
        const result = await build({
          input: o.input, out: o.out, fromMonth, toMonth, mapping,
          pathways: o.pathways ? String(o.pathways).split(',') : undefined, pathwaysDir: o.pathwaysDir,
          priceYear: o.priceYear, target, asOf: o.asOf, strict: o.strict === true,
          suppressionThreshold: Number(o.suppress), ledgerTolerance: tolerance, memoryLimit: o.memoryLimit, tempDirectory: o.tempDir,
          exportActivity: o.exportActivity === true, onStage: progress.onStage,
          minShare, maxQuarantinedShare, allowShrink: o.allowShrink === true, allowMissingFeeds: o.allowMissingFeeds === true, allowEmptyMonths: o.allowEmptyMonths === true,
        });
        progress.stop();
        const c = result.counts;
        console.log(`Built ${o.out} in ${result.seconds.toFixed(1)} s (run ${result.runId}).`);
        console.log(`  activity rows ${c.activity}, quarantined ${c.quarantine}, episodes ${c.episode}, step rows ${c.episode_step_cost}`);
        const unknown = result.quarantinedWithoutCost;
        const uncounted = unknown ? `; ${unknown} quarantined row${unknown === 1 ? '' : 's'} with no readable or priceable cost, outside it (data_quality: quarantined_without_cost)` : '';
        console.log(`  reconciliation: every pound accounted for (difference £${result.reconciliationDifferenceGbp.toFixed(2)})${uncounted}`);
        if (result.unrecognised.length) console.log(`  not read (no feed has these names): ${describeUnrecognised(result.unrecognised)}`);
        if (result.absentColumns.length) console.log(`  optional columns absent (read as empty on every row): ${result.absentColumns.map((e) => `${e.feed} (${e.columns.join(', ')})`).join('; ')}`);
        if (result.extraColumns.length) console.log(`  columns not read (not mapped): ${result.extraColumns.map((e) => `${e.feed} (${e.columns.join(', ')})`).join('; ')}`);
      } finally {
        progress.stop();
      }
    });
}
