// Every file under a folder with its sha256, to show a failed build left a previous output byte-identical.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Relative path → sha256 of every file under `root` (folders are implied by their files). */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
  const hashes: Record<string, string> = {};
  for (const f of files) hashes[f] = createHash('sha256').update(await readFile(join(root, f))).digest('hex');
  return hashes;
}
