import { col, defineTable, required } from '../define.ts';

export const Manifest = defineTable({
  name: 'manifest',
  description: 'One row per build run: what went in, what came out, how long it took.',
  grain: 'one row per run',
  columns: {
    run_id: col.string('Run identifier: a hash of inputs, definitions, reference data, options and engine version (same inputs ⇒ same id).', required),
    engine_version: col.string('pathcost version.', required),
    built_at: col.string('When the build finished (ISO timestamp; not part of any table content hash).', required),
    months: col.string('Months built (YYYY-MM list) or "all".', required),
    pathways: col.list('Pathways built.'),
    suppression_threshold: col.integer('Smallest count published by this build (counts from 1 to this − 1 are suppressed, with complementary cells); the API, page and report read it here.', required),
    manifest_json: col.string('The full manifest as JSON: inputs and checksums, definitions and reference versions, row counts, durations.', required),
  },
});

export const PathwayDefinitionTable = defineTable({
  name: 'pathway_definition',
  description: 'The pathway definitions a build used, as JSON.',
  grain: 'one row per pathway',
  columns: {
    pathway_id: col.string('Pathway id.', required),
    name: col.string('Pathway name.', required),
    version: col.string('Definition version.', required),
    definition_json: col.string('The definition as JSON.', required),
  },
});
