// The answer to a scenario (engine/scenarios, CLI `scenario`, POST /api/scenarios): baseline against scenario per
// delivering provider × step × setting × unit, with the ICB and "all" margins, and the waterfall of changes.
import { z } from 'zod';

const money = (what: string) => z.number().nullable().describe(`${what} (£; null when suppressed).`);
const units = (what: string) => z.number().nullable().describe(`${what} (in the row's unit; null when suppressed or when unit is "all").`);

export const ScenarioCell = z
  .object({
    provider_code: z.string().describe('Delivering provider, or ICB for all providers.'),
    step: z.string().describe('Step, or "all".'),
    setting: z.string().describe('Setting, or "all".'),
    unit: z.string().describe('Unit of the units columns (bed_days, attendances, contacts, gp_minutes…), or "all" (money only).'),
    n_episodes: z.number().int().nullable().describe('Episodes with baseline activity in the cell (for a cell the scenario creates, the episodes of the activity it came from).'),
    baseline_gbp: money('Cost in the build'),
    scenario_gbp: money('Cost after every change'),
    difference_gbp: money('Scenario − baseline'),
    baseline_units: units('Units in the build'),
    scenario_units: units('Units after every change'),
    difference_units: units('Scenario − baseline'),
    baseline_per_episode_gbp: money('Baseline cost ÷ the pathway’s episodes: the cell’s part of the mean episode cost'),
    scenario_per_episode_gbp: money('Scenario cost ÷ the scenario’s episodes'),
    difference_per_episode_gbp: money('Scenario − baseline per episode'),
    suppressed: z.boolean().describe('Hidden: the cell rests on fewer episodes than the build’s threshold, or is a complement so that no such cell can be worked out from the margins. The same cells are hidden in every scenario run on the build, and the changes leave them as built (only a volume, removal or price factor applied to the whole pathway reaches them).'),
  })
  .meta({ id: 'ScenarioCell' });
export type ScenarioCell = z.infer<typeof ScenarioCell>;

export const WaterfallBar = z
  .object({
    label: z.string(),
    kind: z.enum(['baseline', 'change', 'scenario']).describe('baseline and scenario are totals; change is one change’s effect.'),
    type: z.string().nullable().describe('The change type (move, length_of_stay…).'),
    gbp: z.number().nullable().describe('Total (baseline, scenario) or effect (change) in £; null when suppressed.'),
    units: z.record(z.string(), z.number()).nullable().describe('Effect on units by unit (change), e.g. {"bed_days": -120}.'),
    suppressed: z.boolean(),
  })
  .meta({ id: 'WaterfallBar' });
export type WaterfallBar = z.infer<typeof WaterfallBar>;

export const ScenarioResult = z
  .object({
    scenario: z.object({ id: z.string(), name: z.string(), pathway_id: z.string(), description: z.string(), sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() })) }),
    build: z.object({ run_id: z.string(), suppression_threshold: z.number().int(), price_year: z.string().nullable().describe('Price year the build restated costs to, or null (each row at its own).') }),
    episodes: z.object({ baseline: z.number().nullable(), scenario: z.number().nullable() }).describe('Episodes of the pathway (null when fewer than the threshold).'),
    method: z.string().describe('How a share is applied.'),
    prices: z.array(z.object({ change: z.string(), gbp: z.number(), source: z.string(), price_year: z.string().nullable() })).describe('Every price the scenario used, with its source.'),
    notes: z.array(z.string()).describe('What the reader should know: a change that left hidden cells as built (how many), prices at another year than the build’s.'),
    waterfall: z.array(WaterfallBar),
    cells: z.array(ScenarioCell),
  })
  .meta({ id: 'ScenarioResult' });
export type ScenarioResult = z.infer<typeof ScenarioResult>;
