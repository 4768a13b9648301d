// What in the input folder no feed reads: listed, never ignored silently, each with the feed it most resembles.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { FeedName } from '../../../schemas/feeds/index.ts';
import type { LoadedFeed } from './index.ts';
import { suggestFeed } from './suggest-feed.ts';

export interface UnrecognisedFile {
  /** Path inside the input folder, `/`-separated; a folder ends in `/`. */
  name: string;
  /** The feed its name most resembles, if any is close. */
  resembles?: FeedName;
}

/**
 * Entries of the input folder that no feed reads, hidden ones (`.DS_Store`) aside. A folder holding a feed's
 * files is looked into, one level: its other entries are listed (`apc_spells/notes.txt`); any other folder is
 * listed whole.
 */
export async function unrecognisedFiles(input: string, feeds: readonly LoadedFeed[]): Promise<UnrecognisedFile[]> {
  const read = new Set(feeds.flatMap((f) => f.files.map((file) => relative(input, file.path))));
  const holdsRead = (folder: string) => [...read].some((p) => p.startsWith(folder + sep));
  const names: string[] = [];
  for (const entry of await visibleEntries(input)) {
    if (!entry.isDirectory()) {
      if (!read.has(entry.name)) names.push(entry.name);
    } else if (!holdsRead(entry.name)) {
      names.push(`${entry.name}/`);
    } else {
      for (const inner of await visibleEntries(join(input, entry.name))) {
        const path = join(entry.name, inner.name);
        if (!read.has(path)) names.push(`${entry.name}/${inner.name}${inner.isDirectory() ? '/' : ''}`);
      }
    }
  }
  return names.map((name) => ({ name, resembles: suggestFeed(posix.basename(name)) }));
}

async function visibleEntries(folder: string): Promise<Dirent[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
