// The pathways, providers and steps a build holds, read once per build, so a well-formed id that names none of
// them is a 404 on every endpoint (not an empty 200 that looks like "no cost"). Known is not shown: a provider
// whose every figure is suppressed is still known, and its rows come back marked suppressed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from './errors.ts';
import type { ReadDb } from './read-pool.ts';

/** Which providers a route's `provider` parameter names. */
export type ProviderKind = 'anchor' | 'activity' | 'ledger';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The provider list the route's `provider` parameter is checked against (default anchor). */
    providers?: ProviderKind;
  }
}

export interface KnownValues {
  pathways: Set<string>;
  /** Per pathway: anchor providers and ICB; steps as defined and as built, and "all". */
  anchorProviders: Map<string, Set<string>>;
  steps: Map<string, Set<string>>;
  /** Organisations with activity in reconciliation, and those with a cost ledger. */
  activityProviders: Set<string>;
  ledgerProviders: Set<string>;
}

const PATHWAYS = 'select pathway_id from pathway_definition';
const ANCHORS = `select distinct pathway_id, provider_code as value from pathway_summary`;
const STEPS = `
select distinct pathway_id, step as value from pathway_summary
union select pathway_id, unnest(json_extract_string(definition_json, '$.steps[*].id')) from pathway_definition`;
const ACTIVITY = 'select distinct provider_code as value from reconciliation';
const LEDGER = 'select distinct provider_code as value from ledger_reconciliation';

export async function readKnownValues(db: ReadDb): Promise<KnownValues> {
  const [pathways, anchors, steps, activity, ledger] = await Promise.all([
    db.all<{ pathway_id: string }>(PATHWAYS),
    db.all<{ pathway_id: string; value: string }>(ANCHORS),
    db.all<{ pathway_id: string; value: string }>(STEPS),
    db.all<{ value: string }>(ACTIVITY),
    db.all<{ value: string }>(LEDGER),
  ]);
  const ids = new Set(pathways.map((p) => p.pathway_id));
  return {
    pathways: ids,
    anchorProviders: byPathway(ids, anchors, ['ICB']),
    steps: byPathway(ids, steps, ['all']),
    activityProviders: new Set(activity.map((r) => r.value)),
    ledgerProviders: new Set(ledger.map((r) => r.value)),
  };
}

function byPathway(ids: Set<string>, rows: Array<{ pathway_id: string; value: string }>, always: string[]): Map<string, Set<string>> {
  const map = new Map([...ids].map((id) => [id, new Set(always)]));
  for (const r of rows) map.get(r.pathway_id)?.add(r.value);
  return map;
}

/** Within one pathway when the request names one, else within any. */
function within(map: Map<string, Set<string>>, pathway: string | undefined, value: string): boolean {
  if (pathway !== undefined) return map.get(pathway)?.has(value) ?? false;
  return [...map.values()].some((values) => values.has(value));
}

type Ids = { pathway?: string; provider?: string; step?: string };

/**
 * preHandler for the keyed routes: 404 when `pathway`, `provider` or `step` (query or path) names nothing in
 * the build. Values passed validation first, so they are short and plain, and the message may name them.
 */
export function rejectUnknownIds(app: FastifyInstance, known: (req: FastifyRequest) => KnownValues): void {
  app.addHook('preHandler', async (req) => {
    const q = { ...(req.query as Ids | undefined), ...(req.params as Ids | undefined) };
    const k = known(req);
    if (q.pathway !== undefined && !k.pathways.has(q.pathway)) throw notFound(`Pathway '${q.pathway}'`);
    if (q.provider !== undefined && !knownProvider(k, req.routeOptions.config.providers ?? 'anchor', q.pathway, q.provider)) {
      throw notFound(`Provider '${q.provider}'${q.pathway ? ` in ${q.pathway}` : ''}`);
    }
    if (q.step !== undefined && !within(k.steps, q.pathway, q.step)) throw notFound(`Step '${q.step}'${q.pathway ? ` of ${q.pathway}` : ''}`);
  });
}

function knownProvider(k: KnownValues, kind: ProviderKind, pathway: string | undefined, provider: string): boolean {
  if (kind === 'activity') return k.activityProviders.has(provider);
  if (kind === 'ledger') return k.ledgerProviders.has(provider);
  return within(k.anchorProviders, pathway, provider);
}
