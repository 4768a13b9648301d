// Mapping files rename and recode an ICB's local extract columns onto the canonical feed columns.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PathcostError } from './errors.ts';

export const FeedMapping = z.object({
  file: z.string().optional().describe('File or folder name of the feed inside the input folder, if not <feed>.csv / .parquet / <feed>/.'),
  delimiter: z.string().length(1).optional().describe('CSV delimiter, default ",".'),
  date_format: z.string().optional().describe('strptime format of dates if not ISO, e.g. "%d/%m/%Y".'),
  columns: z.record(z.string(), z.string()).default({}).describe('canonical column → column name in the extract.'),
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}).describe('canonical column → { local value → canonical value }.'),
});
export type FeedMapping = z.infer<typeof FeedMapping>;

export const Mapping = z.object({
  description: z.string().optional(),
  feeds: z.record(z.string(), FeedMapping),
});
export type Mapping = z.infer<typeof Mapping>;

export const MAPPING_PRESETS = ['sus-ncdr', 'asc-cld', 'proms-nhsd'] as const;

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

/** Merge several mappings; later ones win per feed. */
export function mergeMappings(mappings: Mapping[]): Mapping {
  const feeds: Record<string, FeedMapping> = {};
  for (const m of mappings) Object.assign(feeds, m.feeds);
  return { feeds };
}
