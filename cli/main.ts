// pathcost command line. Each verb lives in cli/commands/<verb>.ts and registers itself on the program.
import { Command } from 'commander';
import { PathcostError } from '../engine/errors.ts';

const program = new Command('pathcost')
  .description('Whole-pathway patient costing engine for NHS ICBs (DuckDB).')
  .option('--debug', 'print stack traces and failing SQL')
  .showHelpAfterError();

const commands: Array<(p: Command) => void> = [
  // one line per verb, e.g. (await import('./commands/generate.ts')).registerGenerate,
  (await import('./commands/generate.ts')).registerGenerate,
  (await import('./commands/validate.ts')).registerValidate,
  (await import('./commands/build.ts')).registerBuild,
  (await import('./commands/docs.ts')).registerDocs,
  (await import('./commands/bench.ts')).registerBench,
  (await import('./commands/report.ts')).registerReport,
  (await import('./commands/serve.ts')).registerServe,
  (await import('./commands/start.ts')).registerStart,
  (await import('./commands/scenario.ts')).registerScenario,
];
for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  reportFailure(err, program.opts().debug === true);
  process.exitCode = 1;
}

function reportFailure(err: unknown, debug: boolean): void {
  if (err instanceof PathcostError) {
    console.error(`pathcost: ${err.describe()}`);
    if (debug && err.debug) console.error(err.debug);
  } else {
    console.error(`pathcost: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (debug && err instanceof Error) console.error(err.stack);
}
