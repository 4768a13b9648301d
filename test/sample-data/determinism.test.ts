// Same seed and options ⇒ byte-identical files (generation.json differs only in `seconds`); another seed ⇒
// other data. And the byte-fault pass keeps a marker that straddles two chunks whole.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MarkerReplacer } from '../../sample-data/post-process.ts';
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
      expect(Object.keys(a).length).toBe(12); // 10 feeds + faults.csv + generation.json
      expect(b).toEqual(a);
      for (const name of ['patients.csv', 'prescriptions.csv', 'faults.csv']) expect(c[name], name).not.toBe(a[name]);
    } finally {
      await Promise.all(runs.map((r) => r.cleanup()));
    }
  }, 120_000);
});

describe('byte faults', () => {
  it('turns each U+E000 marker into the Latin-1 byte 0xE9, also across chunk boundaries', async () => {
    const marker = Buffer.from('\u{E000}', 'utf8');
    const input = Buffer.concat([Buffer.from('a,1'), marker, Buffer.from('\nb,2\nc,3'), marker, Buffer.from('\n')]);
    // split inside each marker: one byte, then the rest
    const cuts = [input.indexOf(marker) + 1, input.lastIndexOf(marker) + 2];
    const chunks = [input.subarray(0, cuts[0]), input.subarray(cuts[0], cuts[1]), input.subarray(cuts[1])];
    const replacer = new MarkerReplacer();
    const parts: Buffer[] = [];
    for await (const part of Readable.from(chunks).pipe(replacer)) parts.push(part as Buffer);
    expect(Buffer.concat(parts)).toEqual(Buffer.from([...Buffer.from('a,1'), 0xe9, ...Buffer.from('\nb,2\nc,3'), 0xe9, 0x0a]));
    expect(replacer.replaced).toBe(2);
  });
});
