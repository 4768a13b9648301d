// Loads pathway definitions (JSON data) and validates them against the zod schema.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PathwayDefinition } from '../schemas/pathway.ts';
import { PathcostError } from './errors.ts';

export const DEFAULT_PATHWAYS_DIR = fileURLToPath(new URL('../pathways/', import.meta.url));

export async function loadPathway(file: string): Promise<PathwayDefinition> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PathcostError('BAD_DEFINITION', `Cannot read pathway definition: ${(err as Error).message}`, 'Check the file exists and is valid JSON.', { file });
  }
  const parsed = PathwayDefinition.safeParse(json);
  if (!parsed.success) {
    throw new PathcostError('BAD_DEFINITION', `Invalid pathway definition:\n${z.prettifyError(parsed.error)}`, 'Fix the fields named above; pathways/pathway.schema.json describes every field.', { file });
  }
  checkListsExist(parsed.data, file);
  return parsed.data;
}

/** Every `*.json` definition in a folder (the JSON Schema file excluded), sorted by id. */
export async function loadPathways(dir = DEFAULT_PATHWAYS_DIR, only?: string[]): Promise<PathwayDefinition[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const all = await Promise.all(files.map((f) => loadPathway(join(dir, f))));
  checkIdsUnique(all, files.map((f) => join(dir, f)));
  if (!only) return all;
  const unknown = only.filter((id) => !all.some((p) => p.id === id));
  if (unknown.length) {
    throw new PathcostError('BAD_OPTION', `Unknown pathway ${unknown.join(', ')}.`, `Known pathways: ${all.map((p) => p.id).join(', ')}.`);
  }
  return all.filter((p) => only.includes(p.id));
}

/** Two files with one id would build one pathway twice: every table is keyed by the id. */
function checkIdsUnique(defs: PathwayDefinition[], files: string[]): void {
  const first = new Map<string, string>();
  for (const [i, def] of defs.entries()) {
    const other = first.get(def.id);
    if (other) {
      throw new PathcostError('BAD_DEFINITION', `Two pathway definitions have the id "${def.id}": ${other} and ${files[i]}.`, 'Give each definition its own id, or remove one of the files.', { file: files[i] });
    }
    first.set(def.id, files[i]);
  }
}

function checkListsExist(def: PathwayDefinition, file: string): void {
  const a = def.anchor;
  const rules = [...a.include, ...a.require, ...a.exclude, ...a.variants.flatMap((v) => v.when), ...def.relevance.condition, ...def.steps.flatMap((s) => s.codes ?? [])];
  const missing = [...new Set(rules.map((r) => r.list).filter((l) => !(l in def.code_lists)))];
  if (missing.length) {
    throw new PathcostError('BAD_DEFINITION', `Code list(s) ${missing.join(', ')} used but not defined.`, 'Add them under code_lists, or fix the list names in the rules.', { file });
  }
}

export function pathwayJsonSchema(): unknown {
  return z.toJSONSchema(PathwayDefinition, { io: 'input' });
}
