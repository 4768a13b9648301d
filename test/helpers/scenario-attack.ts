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
function mergeRuns(runs: Array<Pick<ScenarioResult, 'cells'>>): ScenarioCell[] {
  const merged = new Map<string, ScenarioCell>();
  for (const r of runs) for (const c of r.cells) if (merged.get(keyOf(c))?.suppressed !== false) merged.set(keyOf(c), c);
  return [...merged.values()];
}

/**
 * Every hidden baseline the runs together give away, as [cell key, £]: the attack by subtraction, repeated with
 * what it recovered taken as shown, until it recovers nothing new.
 */
export function recoverBaselines(runs: Array<Pick<ScenarioResult, 'cells'>>): Array<[string, number]> {
  const cells = new Map(mergeRuns(runs).map((c) => [keyOf(c), c]));
  const recovered: Array<[string, number]> = [];
  for (;;) {
    const found = attackBySubtraction([...cells.values()], [...KEYS], MARGINS, ['baseline_gbp']).filter((r) => cells.get(Object.values(r.cell).join('|'))?.suppressed);
    if (!found.length) return recovered;
    for (const r of found) {
      const key = Object.values(r.cell).join('|');
      if (!cells.get(key)!.suppressed) continue;
      recovered.push([key, Math.round(r.values.baseline_gbp * 100) / 100]);
      cells.set(key, { ...cells.get(key)!, baseline_gbp: r.values.baseline_gbp, suppressed: false });
    }
  }
}
