// `pathcost serve --data DIR`: the REST API and the web page over a build's pathcost.duckdb, read-only.
import type { Command } from 'commander';
import { PathcostError } from '../../engine/errors.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new PathcostError('BAD_OPTION', `--port ${value} is not a port number.`, 'Give a whole number from 0 to 65535 (0 picks a free port).');
  return n;
}

function perMinute(value: string): number | false {
  if (value === 'off') return false;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PathcostError('BAD_OPTION', `--rate-limit ${value} is not a number of requests.`, 'Give requests per minute per client, e.g. 600, or off.');
  return n;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the REST API (/api, /openapi.json, /docs) and the web page over a build, read-only.')
    .requiredOption('--data <dir>', 'folder holding pathcost.duckdb (the output folder of `pathcost build`)')
    .option('--port <n>', 'port to listen on', port, 3000)
    .option('--host <address>', 'address to bind; keep 127.0.0.1 unless others must reach it', '127.0.0.1')
    .option('--keys <file>', 'JSON file of API keys: {"keys":[{"name":"finance","role":"analyst","key":"…"}]} (also read: PATHCOST_API_KEYS=key:role,…)')
    .option('--rate-limit <n>', 'requests per minute per client address, or off', perMinute, 600 as number | false)
    .addHelpText('after', '\nRoles: analyst (aggregates), clinician (aggregates and episode detail), admin (everything).\nWithout any key configured, a random admin key is printed at start for this process only.')
    .action(async (opts: { data: string; port: number; host: string; keys?: string; rateLimit: number | false }) => {
      // Imported here so other commands do not load fastify.
      const { startServer } = await import('../../api/server.ts');
      await startServer({ dataDir: opts.data, port: opts.port, host: opts.host, keysFile: opts.keys, rateLimit: opts.rateLimit === false ? false : { max: opts.rateLimit } });
    });
}
