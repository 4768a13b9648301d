// Same seed and options ⇒ byte-identical files (generation.json differs only in `seconds`); another seed ⇒
// other data. And the byte-fault pass finds a marker that straddles two reads.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyByteFaults } from '../../sample-data/post-process.ts';
import { generateTemp } from './helpers.ts';

async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const bytes = await readFile(join(dir, name));
    if (name === 'generation.json') {
      const { seconds: _seconds, ...rest } = JSON.parse(bytes.toString('utf8'));
      out[name] = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
    } else out[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return out;
}

describe('determinism', () => {
  it('two runs with the same seed write identical files; another seed does not', async () => {
    const options = { patients: 20_000, format: 'csv' as const, faults: 0.005, cohortBoost: 5 };
    const runs = [await generateTemp({ ...options, seed: 3 }), await generateTemp({ ...options, seed: 3 }), await generateTemp({ ...options, seed: 4 })];
    try {
      const [a, b, c] = await Promise.all(runs.map((r) => fingerprint(r.dir)));
      expect(Object.keys(a)).toContain('faults.csv');
      expect(Object.keys(a).length).toBe(14); // 12 feeds + faults.csv + generation.json
      expect(b).toEqual(a);
      for (const name of ['patients.csv', 'prescriptions.csv', 'faults.csv']) expect(c[name], name).not.toBe(a[name]);
    } finally {
      await Promise.all(runs.map((r) => r.cleanup()));
    }
  }, 120_000);

  it('holds for Parquet too', async () => {
    const options = { patients: 10_000, seed: 3, format: 'parquet' as const, faults: 0.005 };
    const runs = [await generateTemp(options), await generateTemp(options)];
    try {
      const [a, b] = await Promise.all(runs.map((r) => fingerprint(r.dir)));
      expect(Object.keys(a)).toContain('prescriptions.parquet');
      expect(b).toEqual(a);
    } finally {
      await Promise.all(runs.map((r) => r.cleanup()));
    }
  }, 120_000);
});

describe('byte faults', () => {
  it('overwrite each U+E000 marker with Latin-1 "née" in place, also when a chunk boundary cuts it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pathcost-bytes-'));
    try {
      const marker = Buffer.from('\u{E000}', 'utf8');
      const latin1 = [0x6e, 0xe9, 0x65];
      const input = Buffer.concat([Buffer.from('id,cost\na,1'), marker, Buffer.from('\nb,2\nc,3'), marker, Buffer.from('\n')]);
      const expected = Buffer.from([...Buffer.from('id,cost\na,1'), ...latin1, ...Buffer.from('\nb,2\nc,3'), ...latin1, 0x0a]);
      // reads of 3–12 bytes cut the markers at every possible offset
      for (let chunk = 3; chunk <= 12; chunk++) {
        const path = join(dir, `f${chunk}.csv`);
        await writeFile(path, input);
        expect(await applyByteFaults(path, chunk), `chunk ${chunk}`).toBe(2);
        expect(await readFile(path)).toEqual(expected);
        expect(await applyByteFaults(path, chunk)).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
