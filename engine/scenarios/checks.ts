// What a scenario must find in the build before it runs: the pathway and the threshold; and before each change,
// the steps, providers and unit it names (a typo would otherwise change nothing and look like a result).
import type { ScenarioChange } from '../../schemas/scenario.ts';
import type { Db } from '../db.ts';
import { PathcostError } from '../errors.ts';
import { changeFilter, matchSql, reachesHeldCells } from './changes.ts';
import { SqlParams } from '../sql.ts';

export interface BuildFacts {
  runId: string;
  threshold: number;
  priceYear: string | null;
  episodes: number;
}

export async function readBuildFacts(db: Db, pathway: string): Promise<BuildFacts> {
  const [m] = await db.all<{ run_id: string; threshold: number; price_year: string | null }>(
    `select run_id, suppression_threshold::integer as threshold, json_extract_string(manifest_json, '$.options.priceYear') as price_year from build.manifest limit 1`,
  );
  if (!m) throw new PathcostError('NO_BUILD', 'The build has no manifest.', 'Point --data at the output folder of a finished build.');
  const [{ n }] = await db.all<{ n: number }>(`select count(*)::integer as n from build.episode where pathway_id = $pathway`, { pathway });
  if (n === 0) {
    const known = await db.all<{ id: string }>(`select distinct pathway_id as id from build.episode order by 1`);
    throw new PathcostError('BAD_OPTION', `Pathway '${pathway}' has no episodes in this build.`, `Set pathway_id to one of: ${known.map((k) => k.id).join(', ') || '(none)'}.`);
  }
  return { runId: m.run_id, threshold: m.threshold, priceYear: m.price_year, episodes: n };
}

/** A change's filter must match cells of `table` (the cells before it); a move or new price needs one unit. */
export async function checkChangeTarget(db: Db, change: ScenarioChange, table: string): Promise<void> {
  if (change.type === 'add_step') return;
  const f = changeFilter(change);
  const p = new SqlParams('f');
  const [r] = await db.all<{ n: number; units: string[]; providers: string[] }>(
    `select count(*)::integer as n, list(distinct unit order by unit) as units, list(distinct provider_code) as providers from ${table} where ${matchSql(p, f)}`,
    p.values,
  );
  if (r.n === 0) throw noMatch(change.name, await describe(db, f, table));
  // Each provider named must match: a typo among several would otherwise change the others' cells alone.
  const unmatched = (f.providers ?? []).filter((x) => !r.providers.includes(x));
  if (unmatched.length) throw noMatch(change.name, await describe(db, { ...f, providers: unmatched }, table));
  const perUnit = change.type === 'move' || change.type === 'length_of_stay' || (change.type === 'unit_cost' && change.price);
  if (perUnit && r.units.length > 1) {
    throw new PathcostError('BAD_OPTION', `Change '${change.name}' is priced per unit, but the cells it matches count ${r.units.join(' and ')}.`, `Add "unit": one of ${r.units.join(', ')}.`);
  }
}

/**
 * A change leaves the cells the baseline hides as built: with every cell it matches hidden, it would change
 * nothing (an error, as a typo would be); with some, a note says how many were left as built.
 */
export async function heldCellsMatched(db: Db, change: ScenarioChange, table: string, threshold: number): Promise<string | null> {
  if (change.type === 'add_step' || reachesHeldCells(change)) return null;
  const p = new SqlParams('h');
  const [r] = await db.all<{ n: number; held: number }>(
    `select count(*)::integer as n, count(*) filter (where held)::integer as held from ${table} where ${matchSql(p, changeFilter(change))}`,
    p.values,
  );
  if (r.held === 0) return null;
  const why = `hidden in this build (fewer than ${threshold} episodes, or hidden so that no such cell can be worked out)`;
  if (r.held === r.n) {
    throw new PathcostError('BAD_OPTION', `Change '${change.name}' matches only cells ${why}: a scenario leaves those as built, so the change would change nothing.`, 'Name providers or steps whose cells the build shows (GET /api/summary), or drop the filter that narrows the change to them.');
  }
  return `Change '${change.name}' left ${r.held} of the ${r.n} cells it matches as built: they are ${why}, and a change to them would show through the totals.`;
}

/**
 * Where a move lands on a step or provider the build does not hold, a note says so: it may be meant (a new
 * service) or a typo of an existing name, which would otherwise look like a result.
 */
export async function newPlaceNote(db: Db, change: ScenarioChange, table: string): Promise<string | null> {
  if (change.type !== 'move' || (!change.to.step && !change.to.provider)) return null;
  const [k] = await db.all<{ steps: string[]; providers: string[] }>(`select list(distinct step) as steps, list(distinct provider_code) as providers from ${table}`);
  const parts: string[] = [];
  if (change.to.step && !k.steps.includes(change.to.step)) parts.push(`step '${change.to.step}'`);
  if (change.to.provider && !k.providers.includes(change.to.provider)) parts.push(`provider ${change.to.provider}`);
  if (!parts.length) return null;
  return `Change '${change.name}' moves activity to ${parts.join(' and ')}, which the build does not hold: a new place in the pathway (GET /api/steps lists the build's steps, if an existing one was meant).`;
}

function noMatch(name: string, what: string): PathcostError {
  return new PathcostError('BAD_OPTION', `Change '${name}' matches no activity in the build: ${what}.`, 'Check the step, setting, provider codes and unit against the build (GET /api/steps lists the steps).');
}

async function describe(db: Db, f: { step?: string; setting?: string; providers?: string[]; unit?: string }, table: string): Promise<string> {
  const parts: string[] = [];
  const [k] = await db.all<{ steps: string[]; providers: string[]; units: string[] }>(
    `select list(distinct step order by step) as steps, list(distinct provider_code order by provider_code) as providers, list(distinct unit order by unit) as units from ${table}`,
  );
  if (f.step && !k.steps.includes(f.step)) parts.push(`no step '${f.step}' (steps: ${k.steps.join(', ')})`);
  const missing = (f.providers ?? []).filter((x) => !k.providers.includes(x));
  if (missing.length) parts.push(`no activity delivered by ${missing.join(', ')}`);
  if (f.unit && !k.units.includes(f.unit)) parts.push(`no unit '${f.unit}' (units: ${k.units.join(', ')})`);
  return parts.join('; ') || 'the filters together select nothing';
}
