// Mapping files rename and recode an ICB's local extract columns onto the canonical feed columns.
import { z } from 'zod';

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

/** Shipped presets for national extracts (engine/mapping-presets/<name>.json). */
export const MAPPING_PRESETS = ['sus-ncdr', 'asc-cld', 'proms-nhsd'] as const;
