// An input file replaced during the build (the next month's extract copied over it) would mix two extracts in one
// build: Parquet files are read again after stage 2 (only the rows it rewrites are stored; see storeExceptions),
// and a CSV file's header, blank-line search and typed pass are separate reads. Each file's size and modification
// time are taken when it is found and compared before anything is published.
import { stat } from 'node:fs/promises';
import { PathcostError } from '../../errors.ts';
import type { LoadedFeed } from './index.ts';

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export async function stampOf(path: string): Promise<FileStamp> {
  const s = await stat(path);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** Fails naming the first input file whose size or modification time changed since it was loaded. */
export async function assertInputsUnchanged(feeds: LoadedFeed[]): Promise<void> {
  for (const feed of feeds) {
    for (const file of feed.files) {
      const now = await stampOf(file.path).catch(() => undefined);
      if (now && now.size === file.stamp.size && now.mtimeMs === file.stamp.mtimeMs) continue;
      throw new PathcostError(
        'INPUT_CHANGED',
        `The input file changed while the build read it (${now ? 'its size or modification time differs' : 'it is gone'}); nothing was published.`,
        'Let the extract finish copying (or copy it into a folder of its own for each month), then run the build again.',
        { feed: feed.spec.name, file: file.path },
      );
    }
  }
}
