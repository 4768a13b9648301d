// `npm start`: build the committed sample if its output is missing or older than the sample, then serve it.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { stageReporter } from '../progress.ts';

const SAMPLE = fileURLToPath(new URL('../../sample-data/sample/', import.meta.url));

async function isStale(input: string, out: string): Promise<boolean> {
  const db = join(out, 'pathcost.duckdb');
  if (!existsSync(db)) return true;
  const built = statSync(db).mtimeMs;
  const files = await readdir(input);
  return files.some((f) => statSync(join(input, f)).mtimeMs > built);
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Build the bundled sample (if needed) and serve the API and web page.')
    .option('--input <dir>', 'feeds folder', SAMPLE)
    .option('--out <dir>', 'output folder', 'out/sample')
    .option('--port <n>', 'port', '3000')
    .option('--rebuild', 'build even if the output is up to date')
    .action(async (o) => {
      if (o.rebuild || (await isStale(o.input, o.out))) {
        const { build } = await import('../../engine/build.ts');
        const progress = stageReporter();
        const result = await build({ input: o.input, out: o.out, onStage: progress.onStage });
        progress.stop();
        console.log(`Built ${o.out}: ${result.counts.episode} episodes from ${result.counts.activity} activity rows in ${result.seconds.toFixed(1)} s.`);
      } else console.log(`${o.out} is up to date with ${o.input}.`);
      const { startServer } = await import('../../api/server.ts');
      const server = await startServer({ dataDir: o.out, port: Number(o.port), print: (line) => console.log(line) });
      console.log(`Open ${server.devKey ? `${server.url}/#key=${server.devKey}` : server.url}`);
    });
}
