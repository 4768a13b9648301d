// Reading a disclosed scenario: every cell and margin as published (numbers null where hidden).
import type { ScenarioCell } from '../../schemas/api/scenarios.ts';
import type { Db } from '../db.ts';

/** Cells with any money or units, and every hidden cell (a hidden complement may hold none: dropping it would show the cell it protects), ICB first, then provider, step, setting, unit ("all" first in each). */
export async function readCells(db: Db, baselineEpisodes: number, scenarioEpisodes: number): Promise<ScenarioCell[]> {
  const hidden = (expr: string, dp: number, oneUnit = false) =>
    `case when hide${oneUnit ? ' or not one_unit' : ''} then null else round(${expr}, ${dp}) end`;
  return db.all<ScenarioCell>(
    `
select provider_code, step, setting, unit, case when hide then null else size::integer end as n_episodes,
  ${hidden('baseline_gbp', 2)} as baseline_gbp, ${hidden('scenario_gbp', 2)} as scenario_gbp,
  ${hidden('round(scenario_gbp, 2) - round(baseline_gbp, 2)', 2)} as difference_gbp,
  ${hidden('baseline_units', 3, true)} as baseline_units, ${hidden('scenario_units', 3, true)} as scenario_units,
  ${hidden('round(scenario_units, 3) - round(baseline_units, 3)', 3, true)} as difference_units,
  ${hidden('baseline_gbp / $e0', 2)} as baseline_per_episode_gbp, ${hidden('scenario_gbp / $e1', 2)} as scenario_per_episode_gbp,
  ${hidden('round(scenario_gbp / $e1, 2) - round(baseline_gbp / $e0, 2)', 2)} as difference_per_episode_gbp,
  hide as suppressed
from scenario_cells
where hide or baseline_gbp <> 0 or scenario_gbp <> 0 or baseline_units <> 0 or scenario_units <> 0
order by provider_code <> 'ICB', provider_code, step <> 'all', step, setting <> 'all', setting, unit <> 'all', unit`,
    { e0: baselineEpisodes, e1: scenarioEpisodes },
  );
}
