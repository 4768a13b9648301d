// When `pathcost start` must build again: the build is missing, or a file it was built from — a feed, a pathway
// definition or code list, a reference table — changed after it. By modification time, so a file saved again
// unchanged costs one rebuild; comparing checksums would read every feed on every start.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Why `out` must be rebuilt from `sources` (folders read recursively), or undefined when it is up to date. */
export async function staleBecause(out: string, sources: readonly string[]): Promise<string | undefined> {
  const db = join(out, 'pathcost.duckdb');
  if (!existsSync(db)) return `no build in ${out}`;
  const built = (await stat(db)).mtimeMs;
  for (const dir of sources) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      if ((await stat(path)).mtimeMs > built) return `${relative(process.cwd(), path) || path} changed since the last build`;
    }
  }
  return undefined;
}
