// The attack on several scenario runs at once: every run shows the same build's baselines, so a baseline shown
// in any run is known to the attacker, and the attack by subtraction runs on what all of them show together.
import type { ScenarioCell, ScenarioResult } from '../../schemas/api/scenarios.ts';
import { attackBySubtraction } from './disclosure-attack.ts';

const KEYS = ['provider_code', 'step', 'setting', 'unit'] as const;
const MARGINS = [
  { column: 'provider_code', total: 'ICB' },
  { column: 'step', total: 'all' },
  { column: 'setting', total: 'all' },
  { column: 'unit', total: 'all' },
];

export const keyOf = (c: ScenarioCell) => KEYS.map((k) => c[k]).join('|');

/** Each cell once, shown where any run shows it. */
function mergeRuns(runs: ScenarioResult[]): ScenarioCell[] {
  const merged = new Map<string, ScenarioCell>();
  for (const r of runs) for (const c of r.cells) if (merged.get(keyOf(c))?.suppressed !== false) merged.set(keyOf(c), c);
  return [...merged.values()];
}

/** Every hidden baseline the runs together give away, as [cell key, £]. */
export function recoverBaselines(runs: ScenarioResult[]): Array<[string, number]> {
  return attackBySubtraction(mergeRuns(runs), [...KEYS], MARGINS, ['baseline_gbp']).map((r) => [Object.values(r.cell).join('|'), Math.round(r.values.baseline_gbp * 100) / 100]);
}
