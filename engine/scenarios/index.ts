// What-if scenarios over a published build: the build's pathcost.duckdb is attached read-only to a small
// in-memory database, the baseline's cells are disclosed (engine/disclosure) and its hidden cells held at
// baseline, the scenario's changes are applied in order to the other cells (one statement each), and baseline
// against scenario comes back per provider × step × setting × unit with margins, hiding what the baseline hides,
// with a waterfall of each change's effect on the ICB total.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ScenarioResult, WaterfallBar } from '../../schemas/api/scenarios.ts';
import { Scenario, type ScenarioChange } from '../../schemas/scenario.ts';
import { Db, sqlString } from '../db.ts';
import { reconciledTotalsSql } from '../disclosure/reconciliation-cells.ts';
import { discloseScenario } from '../disclosure/scenario-cells.ts';
import { PathcostError } from '../errors.ts';
import { loadReference } from '../reference.ts';
import { applyPattern, baselineCells, cellSizes, holdHiddenCells, scenarioCube } from './cells.ts';
import { changeSql, pricesOf, scalesEpisodes } from './changes.ts';
import { type ResolvedPrice, readsReference, resolvePrice } from './prices.ts';
import { checkChangeTarget, heldCellsMatched, newPlaceNote, readBuildFacts } from './checks.ts';
import { readCells } from './read.ts';

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
    const file = join(dataDir, 'pathcost.duckdb');
    if (!existsSync(file)) throw new PathcostError('NO_BUILD', `No build found in ${dataDir} (no pathcost.duckdb).`, 'Run `pathcost build --out DIR` first, and give that folder as --data.');
    await db.run(`attach ${sqlString(file)} as build (read_only)`);
    // a few thousand rows, loaded only when a change names a reference price
    if (scenario.changes.some((c) => pricesOf(c).some(readsReference))) await loadReference(db);
    return await runOn(db, scenario);
  } finally {
    db.close();
  }
}

/** The ICB's step × setting cells (all units) of pathway_summary (all months, actual basis), hidden or shown. */
async function cellsInSummary(db: Db, pathway: string): Promise<void> {
  await db.run(
    `create or replace temp table scenario_in_summary as
     select 'ICB' as provider_code, step, setting, 'all' as unit, suppressed from build.pathway_summary
     where pathway_id = $pathway and provider_code = 'ICB' and month = 'all' and basis = 'actual'`,
    { pathway },
  );
}

/** The provider × setting cells (all steps and units) whose money the reconciliation's shown rows add up to. */
async function cellsReconciled(db: Db, pathway: string): Promise<void> {
  const reconciled = reconciledTotalsSql('build');
  await db.run(
    `create or replace temp table scenario_reconciled as
     select provider_code, 'all' as step, setting, 'all' as unit from (${reconciled.sql}) where pathway_id = $pathway`,
    { ...reconciled.params, pathway },
  );
}

async function runOn(db: Db, scenario: Scenario): Promise<ScenarioResult> {
  const facts = await readBuildFacts(db, scenario.pathway_id);
  await discloseBaseline(db, scenario.pathway_id, facts.threshold);
  const prices: ScenarioResult['prices'] = [];
  const notes: string[] = [];
  let anyHeld = false;
  const steps: Array<{ change: ScenarioChange; gbp: number; units: Record<string, number> }> = [];
  let episodes = facts.episodes;
  let before = await totals(db, 'scen_0');
  for (const [index, change] of scenario.changes.entries()) {
    await checkChangeTarget(db, change, `scen_${index}`);
    const held = await heldCellsMatched(db, change, `scen_${index}`, facts.threshold);
    const newPlace = await newPlaceNote(db, change, `scen_${index}`);
    for (const note of [held, newPlace]) if (note) notes.push(note);
    anyHeld ||= held !== null;
    const resolved: ResolvedPrice[] = [];
    for (const price of pricesOf(change)) resolved.push(await resolvePrice(db, price, change.name));
    prices.push(...resolved.map((r) => ({ change: change.name, ...r })));
    const { sql, params } = changeSql(change, `scen_${index}`, { episodes, prices: resolved });
    await db.run(`create or replace temp table scen_${index + 1} as ${sql}`, params);
    episodes *= scalesEpisodes(change);
    const after = await totals(db, `scen_${index + 1}`);
    steps.push({ change, gbp: round(after.gbp - before.gbp, 2), units: unitDifference(before.units, after.units) });
    before = after;
  }
  await scenarioCube(db, 'scen_0', `scen_${scenario.changes.length}`);
  await applyPattern(db);
  const cells = await readCells(db, facts.episodes, episodes);
  const shown = (n: number) => (n >= facts.threshold || n === 0 ? n : null);
  return {
    scenario: { id: scenario.id, name: scenario.name, pathway_id: scenario.pathway_id, description: scenario.description, sources: scenario.sources },
    build: { run_id: facts.runId, suppression_threshold: facts.threshold, price_year: facts.priceYear },
    episodes: { baseline: shown(facts.episodes), scenario: shown(facts.episodes) === null ? null : round(episodes, 2) },
    method: SHARE_METHOD,
    prices,
    notes: [...notes, ...heldNote(cells, anyHeld), ...priceYearNotes(prices, facts.priceYear)],
    waterfall: buildWaterfall(cells, steps),
    cells,
  };
}

/**
 * `scen_0`, the baseline's cells, with the cells the baseline hides held out of the changes, and
 * `scenario_pattern`, what every run of a scenario on this pathway hides.
 */
async function discloseBaseline(db: Db, pathway: string, threshold: number): Promise<void> {
  await baselineCells(db, 'scen_0', pathway);
  await cellSizes(db, pathway);
  await scenarioCube(db, 'scen_0', 'scen_0');
  await cellsInSummary(db, pathway);
  await cellsReconciled(db, pathway);
  await discloseScenario(db, threshold, { summary: 'scenario_in_summary', reconciled: 'scenario_reconciled' });
  await holdHiddenCells(db, 'scen_0');
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
 * Baseline → each change → scenario, on the ICB total. Each change's bar is shown: a change reaches only shown
 * cells (or every cell alike), so its effect is the shown cells' differences added up. Its units are given for the
 * units whose ICB total is shown: a change to every cell alike moves a hidden total by a known factor.
 */
function buildWaterfall(cells: ScenarioResult['cells'], steps: Array<{ change: ScenarioChange; gbp: number; units: Record<string, number> }>): WaterfallBar[] {
  const icb = cells.filter((c) => c.provider_code === 'ICB' && c.step === 'all' && c.setting === 'all');
  const total = icb.find((c) => c.unit === 'all');
  const hidden = !total || total.suppressed;
  const shownUnits = new Set(icb.filter((c) => c.unit !== 'all' && !c.suppressed).map((c) => c.unit));
  const unitsShown = (units: Record<string, number>) => Object.fromEntries(Object.entries(units).filter(([unit]) => shownUnits.has(unit)));
  const bar = (label: string, kind: WaterfallBar['kind'], gbp: number | null | undefined, type: string | null = null, units: WaterfallBar['units'] = null): WaterfallBar =>
    ({ label, kind, type, gbp: hidden ? null : (gbp ?? null), units: hidden ? null : units, suppressed: hidden });
  return [
    bar('Baseline', 'baseline', total?.baseline_gbp),
    ...steps.map((s) => bar(s.change.name, 'change', s.gbp, s.change.type, unitsShown(s.units))),
    bar('Scenario', 'scenario', total?.scenario_gbp),
  ];
}

/**
 * How much of the baseline the hidden cells hold, when a change left some as built: the ICB total less the shown
 * cells, which anyone can work out from the answer, so it gives nothing away.
 */
function heldNote(cells: ScenarioResult['cells'], anyHeld: boolean): string[] {
  const total = cells.find((c) => c.provider_code === 'ICB' && c.step === 'all' && c.setting === 'all' && c.unit === 'all');
  if (!anyHeld || !total || total.suppressed || !total.baseline_gbp) return [];
  const finest = cells.filter((c) => c.provider_code !== 'ICB' && c.step !== 'all' && c.setting !== 'all' && c.unit !== 'all');
  const hidden = finest.filter((c) => c.suppressed).length;
  const held = round(total.baseline_gbp - finest.reduce((s, c) => s + (c.baseline_gbp ?? 0), 0), 2);
  const share = ((100 * held) / total.baseline_gbp).toFixed(1);
  return [`The ${hidden} cells the build hides hold £${held.toLocaleString('en-GB', { minimumFractionDigits: 2 })} (${share}%) of the baseline; changes other than to the whole pathway leave them as built.`];
}

function priceYearNotes(prices: ScenarioResult['prices'], buildYear: string | null): string[] {
  const years = [...new Set(prices.map((p) => p.price_year).filter((y): y is string => !!y && y !== buildYear))];
  if (!years.length) return [];
  const at = buildYear ? `the build's costs are restated to ${buildYear}` : 'the build keeps each row at its own price year';
  return [`The scenario's prices are at ${years.join(', ')} prices; ${at}. State prices at the build's year for a like-for-like comparison.`];
}

export const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;
