// What-if scenarios over a published build: the build's pathcost.duckdb is attached read-only to a small
// in-memory database, the scenario's changes are applied in order to the pathway's cells (one statement each),
// and baseline against scenario comes back per provider × step × setting × unit with margins, suppressed by
// engine/disclosure, with a waterfall of each change's effect on the ICB total.
import { join } from 'node:path';
import { z } from 'zod';
import type { ScenarioResult, WaterfallBar } from '../../schemas/api/scenarios.ts';
import { Scenario, type ScenarioChange } from '../../schemas/scenario.ts';
import { Db, sqlString } from '../db.ts';
import { discloseScenario } from '../disclosure/scenario-cells.ts';
import { PathcostError } from '../errors.ts';
import { loadReference } from '../reference.ts';
import { baselineCells, scenarioCube } from './cells.ts';
import { changeFilter, changeSql, pricesOf, scalesEpisodes } from './changes.ts';
import { type ResolvedPrice, readsReference, resolvePrice } from './prices.ts';
import { checkChangeTarget, readBuildFacts } from './checks.ts';
import { readCells, visibleFootprint } from './read.ts';

export const SHARE_METHOD =
  'A change to a share of episodes or activity is applied as an expected value: that share of each matched cell’s money and units changes (e.g. 40% of follow-ups moved = 40% of the attendances priced at the new unit cost, 60% left as built). The result is the same on every run and does not depend on which episodes would be picked.';

/** Parses a scenario, with a message naming each field at fault. */
export function parseScenario(input: unknown): Scenario {
  const parsed = Scenario.safeParse(input);
  if (!parsed.success) throw new PathcostError('BAD_OPTION', `Invalid scenario:\n${z.prettifyError(parsed.error)}`, 'See scenarios/scenario.schema.json and the user guide (§ What-if scenarios).');
  return parsed.data;
}

/** Runs a scenario against the build in `dataDir` (its pathcost.duckdb, opened read-only). */
export async function runScenario(dataDir: string, input: unknown): Promise<ScenarioResult> {
  const scenario = parseScenario(input);
  // one thread: the cells are a few thousand rows, and the disclosure rounds are many small statements whose
  // cost is start-up, not work (measured: less CPU and wall than two threads on a 1M-patient build)
  const db = await Db.open({ threads: 1 });
  try {
    await db.run(`attach ${sqlString(join(dataDir, 'pathcost.duckdb'))} as build (read_only)`);
    // a few thousand rows, loaded only when a change names a reference price
    if (scenario.changes.some((c) => pricesOf(c).some(readsReference))) await loadReference(db);
    return await runOn(db, scenario);
  } finally {
    db.close();
  }
}

/**
 * The ICB's step × setting cells (all units) pathway_summary hides (all months, actual basis): the scenario's ICB
 * cells hold the same money, and the summary hides a cell small on any basis (condition-related too) or as its
 * complement, which the scenario's own rules would not (e.g. £146,900 − £140,000 − £1,800 − the
 * scenario's shown £4,200 = 3 A&E attendances' £900).
 */
async function hiddenInSummary(db: Db, pathway: string): Promise<void> {
  await db.run(
    `create or replace temp table scenario_hidden_in_summary as
     select 'ICB' as provider_code, step, setting, 'all' as unit from build.pathway_summary
     where pathway_id = $pathway and provider_code = 'ICB' and month = 'all' and basis = 'actual' and suppressed`,
    { pathway },
  );
}

async function runOn(db: Db, scenario: Scenario): Promise<ScenarioResult> {
  const facts = await readBuildFacts(db, scenario.pathway_id);
  await baselineCells(db, 'scen_0', scenario.pathway_id);
  const prices: ScenarioResult['prices'] = [];
  const steps: Array<{ change: ScenarioChange; gbp: number; units: Record<string, number> }> = [];
  let episodes = facts.episodes;
  let before = await totals(db, 'scen_0');
  for (const [index, change] of scenario.changes.entries()) {
    await checkChangeTarget(db, change, `scen_${index}`);
    const resolved: ResolvedPrice[] = [];
    for (const price of pricesOf(change)) resolved.push(await resolvePrice(db, price, change.name));
    prices.push(...resolved.map((r) => ({ change: change.name, ...r })));
    const { sql, params } = changeSql(change, `scen_${index}`, { index, episodes, prices: resolved });
    await db.run(`create or replace temp table scen_${index + 1} as ${sql}`, params);
    episodes *= scalesEpisodes(change);
    const after = await totals(db, `scen_${index + 1}`);
    steps.push({ change, gbp: round(after.gbp - before.gbp, 2), units: unitDifference(before.units, after.units) });
    before = after;
  }
  await scenarioCube(db, 'scen_0', `scen_${scenario.changes.length}`, scenario.pathway_id);
  await hiddenInSummary(db, scenario.pathway_id);
  await discloseScenario(db, facts.threshold, 'scenario_hidden_in_summary');
  const cells = await readCells(db, facts.episodes, episodes);
  const waterfall = await buildWaterfall(db, cells, steps);
  const shown = (n: number) => (n >= facts.threshold || n === 0 ? n : null);
  return {
    scenario: { id: scenario.id, name: scenario.name, pathway_id: scenario.pathway_id, description: scenario.description, sources: scenario.sources },
    build: { run_id: facts.runId, suppression_threshold: facts.threshold, price_year: facts.priceYear },
    episodes: { baseline: shown(facts.episodes), scenario: shown(facts.episodes) === null ? null : round(episodes, 2) },
    method: SHARE_METHOD,
    prices,
    notes: priceYearNotes(prices, facts.priceYear),
    waterfall,
    cells,
  };
}

async function totals(db: Db, table: string): Promise<{ gbp: number; units: Record<string, number> }> {
  const rows = await db.all<{ unit: string; gbp: number; units: number }>(`select unit, sum(gbp) as gbp, sum(units) as units from ${table} group by unit`);
  return { gbp: round(rows.reduce((s, r) => s + r.gbp, 0), 2), units: Object.fromEntries(rows.map((r) => [r.unit, r.units])) };
}

function unitDifference(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const unit of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = round((after[unit] ?? 0) - (before[unit] ?? 0), 3);
    if (d !== 0) out[unit] = d;
  }
  return out;
}

/**
 * Baseline → each change → scenario, on the ICB total. A change's own bar is shown only when every cell it
 * touched is shown; when any one is not, the bars of all changes give way to one bar of their sum (the
 * scenario total less the baseline), so no single change can be worked out by subtraction.
 */
async function buildWaterfall(db: Db, cells: ScenarioResult['cells'], steps: Array<{ change: ScenarioChange; gbp: number; units: Record<string, number> }>): Promise<WaterfallBar[]> {
  const total = cells.find((c) => c.provider_code === 'ICB' && c.step === 'all' && c.setting === 'all' && c.unit === 'all');
  const hiddenTotal = !total || total.suppressed;
  const base: WaterfallBar = { label: 'Baseline', kind: 'baseline', type: null, gbp: hiddenTotal ? null : total.baseline_gbp, units: null, suppressed: hiddenTotal };
  const end: WaterfallBar = { label: 'Scenario', kind: 'scenario', type: null, gbp: hiddenTotal ? null : total.scenario_gbp, units: null, suppressed: hiddenTotal };
  let allShown = !hiddenTotal;
  for (const s of steps) if (allShown && s.change.type !== 'add_step') allShown = await visibleFootprint(db, changeFilter(s.change));
  if (allShown) {
    return [base, ...steps.map((s): WaterfallBar => ({ label: s.change.name, kind: 'change', type: s.change.type, gbp: s.gbp, units: s.units, suppressed: false })), end];
  }
  const together: WaterfallBar = { label: 'All changes', kind: 'changes', type: null, gbp: hiddenTotal ? null : total.difference_gbp, units: null, suppressed: hiddenTotal };
  return [base, together, end];
}

function priceYearNotes(prices: ScenarioResult['prices'], buildYear: string | null): string[] {
  const years = [...new Set(prices.map((p) => p.price_year).filter((y): y is string => !!y && y !== buildYear))];
  if (!years.length) return [];
  const at = buildYear ? `the build's costs are restated to ${buildYear}` : 'the build keeps each row at its own price year';
  return [`The scenario's prices are at ${years.join(', ')} prices; ${at}. State prices at the build's year for a like-for-like comparison.`];
}

export const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;
