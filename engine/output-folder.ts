// The output folder a build may replace. A build swaps --out whole (stage 8), so whatever else the folder holds is
// deleted with the previous build: before anything is read or written, refuse a folder that is or holds the input,
// the folder the command runs in, or one holding anything a build does not write. One inside the input is allowed
// (its folder is listed as not read).
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { PathcostError } from './errors.ts';

/** What a build writes into --out (stage 8): anything else there was put by someone else. */
export const BUILD_ENTRIES = ['pathcost.duckdb', 'pathcost.duckdb.wal', 'csv', 'parquet'];

const HINT = 'Give --out a new or empty folder, or a previous build’s, beside the input folder (e.g. --input data/2025-03 --out out/2025-03).';

export async function checkOutputFolder(input: string, out: string): Promise<void> {
  const outPath = real(out);
  const inputPath = real(input);
  if (outPath === inputPath) throw refuse(`--out ${out} is the input folder: the build replaces --out whole and would delete the extracts.`);
  if (inside(inputPath, outPath)) throw refuse(`--out ${out} holds the input folder ${input}: the build replaces --out whole and would delete the extracts.`);
  // the folders a build keeps beside --out (stage 8's swap, DuckDB's spill) are renamed or deleted too
  for (const suffix of ['.previous', '.staging', '.spill']) {
    const beside = real(`${out}${suffix}`);
    if (inputPath === beside || inside(inputPath, beside)) throw refuse(`The input folder ${input} is in ${out}${suffix}, which the build renames or deletes.`);
  }
  const cwd = real(process.cwd());
  if (outPath === cwd || inside(cwd, outPath)) throw refuse(`--out ${out} is the folder this command runs in (or holds it): the build cannot replace it.`);
  if (!existsSync(outPath)) return;
  if (!statSync(outPath).isDirectory()) throw refuse(`--out ${out} is a file, not a folder.`);
  const foreign = (await readdir(outPath)).filter((name) => !BUILD_ENTRIES.includes(name));
  if (foreign.length) {
    const named = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new PathcostError('OUTPUT_NOT_A_BUILD', `--out ${out} holds ${named}, which a build does not write: replacing the folder would delete them.`,
      `Move them out of ${out} (keep scenario results and notes beside the build, not in it), or ${HINT[0].toLowerCase()}${HINT.slice(1)}`);
  }
}

function refuse(message: string): PathcostError {
  return new PathcostError('OUTPUT_NOT_A_BUILD', message, HINT);
}

/** The path with symbolic links resolved as far as it exists (a new --out does not exist yet). */
function real(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = resolve(absolute, '..');
  return parent === absolute ? absolute : resolve(real(parent), relative(parent, absolute));
}

/** True when `path` is strictly inside `folder`. */
function inside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
}
