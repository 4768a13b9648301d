// startServer(): the process around buildApp — keys, logger, listen on 127.0.0.1 unless told otherwise, and
// a graceful close on SIGINT/SIGTERM (in-flight requests finish, new ones get 503, the pool closes).
import type { FastifyInstance } from 'fastify';
import type { ApiKeyConfig } from '../schemas/api/auth.ts';
import { type AppOptions, buildApp } from './app.ts';
import { generateKey, loadKeys } from './auth.ts';

export interface ServerOptions extends Omit<AppOptions, 'keys'> {
  port?: number;
  host?: string;
  /** JSON key file; PATHCOST_API_KEYS is read as well. */
  keysFile?: string;
  keys?: ApiKeyConfig;
  /** Close on SIGINT/SIGTERM (default true; off in tests). */
  handleSignals?: boolean;
  /** Where to print the start-up lines (default stderr). */
  print?: (line: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Set when no key was configured: a random admin key valid for this process only. */
  devKey?: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { port = 3000, host = '127.0.0.1', keysFile, handleSignals = true, print = (l) => process.stderr.write(`${l}\n`), ...appOptions } = options;
  const keys = options.keys ?? (await loadKeys({ file: keysFile, env: process.env.PATHCOST_API_KEYS }));
  // Without configured keys the server is still usable on this machine: one random admin key, printed once
  // to the terminal that started it (never to the log) and forgotten when the process ends.
  const devKey = keys.keys.length === 0 ? generateKey() : undefined;
  if (devKey) keys.keys.push({ name: 'generated-admin', role: 'admin', key: devKey });
  const weak = keys.keys.filter((k) => k.key !== undefined && k.key.length < 16).map((k) => k.name);

  const logger = options.logger ?? { level: process.env.PATHCOST_LOG_LEVEL ?? 'info' };
  const app = await buildApp({ ...appOptions, keys, logger });
  const address = await app.listen({ port, host });
  const url = address.replace('[::1]', 'localhost');
  print(`pathcost: serving ${options.dataDir} (run ${app.live.current.info.run_id}) at ${url}  — API docs at ${url}/docs`);
  if (weak.length) print(`pathcost: warning: API key(s) ${weak.join(', ')} are shorter than 16 characters; use long random keys.`);
  if (devKey) {
    print('pathcost: no API keys configured (--keys FILE or PATHCOST_API_KEYS), so this process made one admin key:');
    print(`  ${devKey}`);
    print(`  open ${url}/#key=${devKey}  (the page keeps it for this browser tab only)`);
  }
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') print(`pathcost: warning: listening on ${host}, not only this machine.`);

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close());
  if (handleSignals) {
    const onSignal = () => void close().then(() => process.exit(0));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, url, devKey, close };
}
