// Reads a mapping file or shipped preset (shape in schemas/mapping.ts) and merges several into one.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type FeedMapping, MAPPING_PRESETS, Mapping } from '../schemas/mapping.ts';
import { PathcostError } from './errors.ts';

/** A mapping file path, or the name of a shipped preset (engine/mapping-presets/<name>.json). */
export async function loadMapping(pathOrPreset: string): Promise<Mapping> {
  const isPreset = (MAPPING_PRESETS as readonly string[]).includes(pathOrPreset);
  const file = isPreset ? fileURLToPath(new URL(`./mapping-presets/${pathOrPreset}.json`, import.meta.url)) : pathOrPreset;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PathcostError('BAD_MAPPING', `Cannot read mapping: ${(err as Error).message}`, `Give a JSON mapping file or a preset (${MAPPING_PRESETS.join(', ')}).`, { file });
  }
  const parsed = Mapping.safeParse(json);
  if (!parsed.success) throw new PathcostError('BAD_MAPPING', z.prettifyError(parsed.error), 'Fix the mapping file; see docs/user-guide.md#mapping.', { file });
  return parsed.data;
}

/**
 * Merge several mappings, later ones on top: within a feed, field by field, and a column's value recodes one by one,
 * so an override file adds to a preset (`--mapping sus-ncdr my-overrides.json`) rather than replacing its feed.
 * A whole-feed replacement had silently dropped the preset's file name and columns, and with them the feed.
 */
export function mergeMappings(mappings: Mapping[]): Mapping {
  const feeds: Record<string, FeedMapping> = {};
  for (const m of mappings) {
    for (const [feed, over] of Object.entries(m.feeds)) {
      const base = feeds[feed];
      feeds[feed] = base === undefined ? over : mergeFeed(base, over);
    }
  }
  return { feeds };
}

function mergeFeed(base: FeedMapping, over: FeedMapping): FeedMapping {
  const values: FeedMapping['values'] = { ...base.values };
  for (const [column, recodes] of Object.entries(over.values)) values[column] = { ...values[column], ...recodes };
  // a parsed mapping holds only the fields its file gives (zod leaves an absent optional field out)
  return { ...base, ...over, columns: { ...base.columns, ...over.columns }, values };
}
