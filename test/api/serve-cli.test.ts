// `pathcost serve` as a user runs it: a child process that listens on 127.0.0.1, reads a key file, and shuts
// down cleanly on SIGTERM (in-flight work finishes, the DuckDB file is closed, exit code 0).
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_CONFIG, KEYS, fixtureDir } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await fixtureDir());
  await writeFile(join(dir, 'keys.json'), JSON.stringify(KEY_CONFIG));
});
afterAll(() => cleanup());

function serve(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: { ...process.env, PATHCOST_API_KEYS: '', PATHCOST_LOG_LEVEL: 'warn' } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const m = pattern.exec(output());
    if (m) return m;
  }
  throw new Error(`timed out waiting for ${pattern}; output:\n${output()}`);
}

describe('pathcost serve', () => {
  it('serves on 127.0.0.1 with keys from --keys and closes gracefully on SIGTERM', async () => {
    const { child, output, exited } = serve(['--data', dir, '--port', '0', '--keys', join(dir, 'keys.json')]);
    try {
      const [, url] = await waitFor(output, /at (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/summary`, { headers: { 'x-api-key': KEYS.analyst } })).status).toBe(200);
      expect(output()).not.toContain('no API keys configured');
      for (const key of Object.values(KEYS)) expect(output()).not.toContain(key);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('without keys prints a one-process admin key and a link carrying it', async () => {
    const { child, output, exited } = serve(['--data', dir, '--port', '0']);
    try {
      const [, url, key] = await waitFor(output, /open (http:\/\/127\.0\.0\.1:\d+)\/#key=([A-Za-z0-9_-]+)/);
      expect((await fetch(`${url}/api/episodes`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.each([
    [['--data', '/nonexistent/build'], /No pathcost\.duckdb in \/nonexistent\/build[\s\S]*pathcost build/],
    [['--data', '.', '--port', 'eighty'], /--port eighty is not a port number/],
  ])('%j fails with a message and a hint', async (args, message) => {
    const { output, exited } = serve(args);
    expect(await exited).toBe(1);
    expect(output()).toMatch(message);
  });
});
