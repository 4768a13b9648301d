// The pathway definitions a build used (pathway_definition), with the providers and months that have episodes.
import { z } from 'zod';
import { PathcostError } from '../../engine/errors.ts';
import type { Labels, PathwayListItem, PathwayParams } from '../../schemas/api/index.ts';
import { FEED_LABELS, REASON_LABELS, SETTING_LABELS, otherStepLabel } from '../../schemas/labels.ts';
import { SETTINGS } from '../../schemas/tables/activity.ts';
import { PathwayDefinition } from '../../schemas/pathway.ts';
import { notFound } from '../errors.ts';
import type { ReadDb } from '../read-pool.ts';

const LIST = `
select d.pathway_id, d.name, d.version, d.definition_json,
  coalesce((select list(distinct e.anchor_provider_code order by e.anchor_provider_code) from episode e where e.pathway_id = d.pathway_id), []) as providers,
  coalesce((select list(distinct e.month order by e.month) from episode e where e.pathway_id = d.pathway_id), []) as months
from pathway_definition d
order by d.pathway_id`;

const ONE = `select pathway_id, name, version, definition_json from pathway_definition where pathway_id = $id`;

interface DefinitionRow {
  pathway_id: string;
  name: string;
  version: string;
  definition_json: string;
}

/** Definitions are stored as JSON; parsing through the schema applies its defaults and checks the build. */
function parseDefinition(row: DefinitionRow): PathwayDefinition {
  const parsed = PathwayDefinition.safeParse(JSON.parse(row.definition_json));
  if (!parsed.success) throw new PathcostError('BAD_DEFINITION', `Stored definition of ${row.pathway_id} is invalid: ${z.prettifyError(parsed.error)}`, 'Rebuild with a valid definition.');
  return parsed.data;
}

const OTHER_STEPS = SETTINGS.map((setting) => ({ id: `other_${setting}`, label: otherStepLabel(setting), phase: 'any' }));

const labelled = (labels: Record<string, string>) => Object.entries(labels).map(([id, label]) => ({ id, label }));

export function listLabels(): Labels {
  return { settings: labelled(SETTING_LABELS), feeds: labelled(FEED_LABELS), quarantine_reasons: labelled(REASON_LABELS) };
}

export async function listPathways(db: ReadDb): Promise<{ items: PathwayListItem[] }> {
  const rows = await db.all<DefinitionRow & { providers: string[]; months: string[] }>(LIST);
  return {
    items: rows.map((r) => {
      const def = parseDefinition(r);
      return {
        pathway_id: r.pathway_id,
        name: r.name,
        version: r.version,
        description: def.description,
        anchor_kind: def.anchor.kind,
        steps: [...def.steps.map((s) => ({ id: s.id, label: s.label, phase: s.phase })), ...OTHER_STEPS],
        providers: r.providers,
        months: r.months,
      };
    }),
  };
}

export async function getPathway(db: ReadDb, { id }: PathwayParams) {
  const [row] = await db.all<DefinitionRow>(ONE, { id });
  if (!row) throw notFound('Pathway');
  return { pathway_id: row.pathway_id, name: row.name, version: row.version, definition: parseDefinition(row) };
}
