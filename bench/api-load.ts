// API load test: the summary endpoint under 50 concurrent connections for 10 s (by default), over loopback,
// against a built data folder. The server runs in a child process so the load generator does not share its
// event loop. Two runs: with the per-build response cache (what users get) and without it (every request
// runs its prepared statement in DuckDB).
//
//   npx tsx bench/api-load.ts --data out/sample [--connections 50] [--duration 10] [--path '/api/summary?…']
//   npx tsx bench/api-load.ts --fixture        (the API tests' hand-made build, for a quick try)
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

// A fresh key per run, handed to the child through its environment (never on a command line).
const BENCH_KEY = `bench-${process.pid}-${Date.now()}-key`;

interface Options {
  data?: string;
  fixture: boolean;
  connections: number;
  duration: number;
  path?: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, fixture: { type: 'boolean', default: false }, connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, path: { type: 'string' }, child: { type: 'string' }, cache: { type: 'string' } },
  });
  const duration = Math.min(Number(values.duration), 120); // bounded: never more than two minutes a run
  return { data: values.data, fixture: values.fixture ?? false, connections: Number(values.connections), duration, path: values.path };
}

/** Child mode: serve `dir` on an ephemeral loopback port, report the URL to the parent, stop on SIGTERM. */
async function child(dir: string, cache: boolean): Promise<void> {
  const { startServer } = await import('../api/server.ts');
  const server = await startServer({ dataDir: dir, port: 0, rateLimit: false, responseCache: cache, logger: false, print: () => {}, keys: { keys: [{ name: 'bench', role: 'admin', key: process.env.PATHCOST_BENCH_KEY! }] } });
  process.send!({ url: server.url });
}

function startChild(dir: string, cache: boolean): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(new URL(import.meta.url).pathname, ['--child', dir, '--cache', String(cache)], { execArgv: ['--import', 'tsx'], env: { ...process.env, PATHCOST_BENCH_KEY: BENCH_KEY } });
  return new Promise((resolve, reject) => {
    proc.once('message', (m: { url: string }) => resolve({ proc, url: m.url }));
    proc.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function defaultPath(url: string): Promise<string> {
  const res = await fetch(`${url}/api/pathways`, { headers: { 'x-api-key': BENCH_KEY } });
  const first = ((await res.json()) as { items: Array<{ pathway_id: string; providers: string[] }> }).items[0];
  if (!first) throw new Error('The build has no pathways.');
  return `/api/summary?pathway=${first.pathway_id}&provider=${first.providers[0] ?? 'ICB'}&basis=actual&limit=100`;
}

async function run(label: string, dir: string, cache: boolean, o: Options): Promise<Record<string, string | number>> {
  const { proc, url } = await startChild(dir, cache);
  try {
    const path = o.path ?? (await defaultPath(url));
    const check = await fetch(`${url}${path}`, { headers: { 'x-api-key': BENCH_KEY } });
    if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${await check.text()}`);
    const r = await autocannon({ url: `${url}${path}`, connections: o.connections, duration: o.duration, headers: { 'x-api-key': BENCH_KEY } });
    return { run: label, path, 'requests/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, requests: r.requests.total };
  } finally {
    proc.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const o = options();
  let dir = o.data;
  let scratch: string | undefined;
  if (o.fixture) {
    const { buildFixture } = await import('../test/api/fixture.ts');
    scratch = await mkdtemp(join(tmpdir(), 'pathcost-api-load-'));
    dir = await buildFixture(scratch);
  }
  if (!dir) throw new Error('Give --data DIR (a build output folder holding pathcost.duckdb) or --fixture.');
  try {
    console.log(`API load: ${o.connections} connections × ${o.duration} s per run, loopback, ${availableParallelism()} cores, data ${dir}`);
    const rows = [await run('response cache on', dir, true, o), await run('response cache off (DuckDB per request)', dir, false, o)];
    console.table(rows);
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const childAt = args.indexOf('--child');
if (childAt >= 0) await child(args[childAt + 1], args[args.indexOf('--cache') + 1] !== 'false');
else await main();
