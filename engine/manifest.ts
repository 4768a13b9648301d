// The run manifest: what went in (files and fingerprints, definitions, reference data, options) and what
// came out (row counts, durations). The run id hashes the inputs, so the same inputs give the same id.
import { createHash } from 'node:crypto';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENGINE_VERSION = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version as string;
/** The project's reference tables (the build reads them; `start` rebuilds when one changes). */
export const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));
const SAMPLE = 1 << 20;

export interface FileFingerprint {
  /** Relative to its folder (the input folder, or reference/): manifests never show where a machine keeps files. */
  path: string;
  bytes: number;
  sha256_head_tail: string;
}

/** sha256 of the size and the first and last MiB: cheap on 5 GB extracts, and catches re-exports. */
export async function fingerprint(path: string): Promise<FileFingerprint> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256').update(String(size));
    for (const position of size > 2 * SAMPLE ? [0, size - SAMPLE] : [0]) {
      const buffer = Buffer.alloc(Math.min(size, size > 2 * SAMPLE ? SAMPLE : size));
      await handle.read(buffer, 0, buffer.length, position);
      hash.update(buffer);
    }
    return { path, bytes: size, sha256_head_tail: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

export async function referenceFingerprints(): Promise<FileFingerprint[]> {
  const files = (await readdir(REFERENCE_DIR)).filter((f) => /\.(csv|json)$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ ...(await fingerprint(join(REFERENCE_DIR, f))), path: `reference/${f}` })));
}

export function runId(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
