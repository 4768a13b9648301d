// A what-if scenario: named changes to how a built pathway is delivered, applied in order to the build's step
// costs (money and units). Data, not code: a JSON file validated here, published as JSON Schema
// (scenarios/scenario.schema.json) and served by POST /api/scenarios.
import { z } from 'zod';
import { ID_PATTERN } from './pathway.ts';
import { SETTINGS } from './tables/activity.ts';

const Id = z.string().regex(ID_PATTERN, 'must be lower case letters, digits, _ or - (starting with a letter)');
const Code = z.string().regex(/^[A-Za-z0-9]{1,12}$/, 'must be an organisation code (letters and digits, up to 12)');
const Unit = z
  .string()
  .regex(/^[a-z][a-z_]{0,31}$/, 'must be a unit such as bed_days, attendances, contacts, gp_minutes')
  .describe('Unit of the step’s units column (episode_step_cost.unit): bed_days, attendances, contacts, gp_minutes, staff_minutes, care_hours, care_days, weeks, items.');
const Share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').describe('Share of the matched activity (or episodes) the change applies to, 0–1.');

export const StatedPrice = z
  .object({
    gbp: z.number().min(0).max(1_000_000).describe('Price per unit in £.'),
    source: z.string().min(10, 'must name the source (publisher, table, row or page)').max(500).describe('Where the price comes from, precisely enough to check it.'),
    price_year: z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year such as 2023/24').optional(),
  })
  .strict()
  .describe('A price stated with its source.');

export const NccPrice = z
  .object({
    ncc: z
      .object({
        price_year: z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year such as 2023/24'),
        department: z.string().min(1).max(80).describe('NCC department, e.g. "Consultant Led" or "Community Health Service".'),
        currency_code: z.string().regex(/^[0-9A-Z]{2,8}$/, 'must be an NCC currency code such as WF01C'),
      })
      .strict(),
  })
  .strict()
  .describe('A National Cost Collection unit cost from reference/ncc_unit_costs.csv (rounded to the penny, as the build prices each activity).');

export const StaffTimePrice = z
  .object({
    staff_time: z
      .object({
        staff_group: z.enum(['primary', 'community', 'mental_health']),
        role: z.string().min(1).max(60).describe('Role as in reference/staff_cost_per_minute.csv, or * for the group default.'),
        edition_year: z.number().int().min(2000).max(2100),
        minutes: z.number().positive().max(600).describe('Minutes of staff time per unit (e.g. per contact).'),
      })
      .strict(),
  })
  .strict()
  .describe('A PSSRU cost per minute from reference/staff_cost_per_minute.csv × minutes per unit.');

export const Price = z.union([StatedPrice, NccPrice, StaffTimePrice]).meta({ id: 'ScenarioPrice', description: 'Price per unit: stated with its source, or a row of the project’s reference tables.' });
export type Price = z.infer<typeof Price>;

/** Which cells of the build a change applies to; every filter left out matches everything. */
const Match = {
  step: Id.optional().describe('Step id (e.g. follow_up_outpatients); all steps when left out.'),
  setting: z.enum(SETTINGS).optional().describe('Setting; all settings when left out.'),
  providers: z.array(Code).max(200).optional().describe('Delivering providers the change applies to; all providers when left out.'),
  unit: Unit.optional().describe('Only the activity counted in this unit (needed when a step holds more than one).'),
};

const Base = {
  name: z.string().min(1).max(120).describe('Name of the change, shown on the waterfall.'),
  note: z.string().max(1000).optional().describe('Anything a reader should know about the change.'),
};

export const MoveChange = z
  .object({
    type: z.literal('move'),
    ...Base,
    ...Match,
    share: Share,
    to: z
      .object({
        step: Id.optional().describe('Step the moved activity lands in (default: the same step).'),
        setting: z.enum(SETTINGS).optional().describe('Setting it moves to (default: the same).'),
        provider: Code.optional().describe('Provider delivering it afterwards (default: the same).'),
        unit: Unit.optional().describe('Unit counted afterwards (default: the same).'),
        units_per_unit: z.number().positive().max(1000).default(1).describe('Units afterwards per unit moved (e.g. 2 physiotherapy contacts per follow-up).'),
        price: Price.describe('Price per unit afterwards.'),
      })
      .strict()
      .describe('Where the moved activity lands (any key left out stays as it was) and its price per unit there.'),
  })
  .strict()
  .describe('Move a share of a step’s activity to another setting or delivery mode, priced at the new unit cost.');

export const LengthOfStayChange = z
  .object({
    type: z.literal('length_of_stay'),
    ...Base,
    step: Match.step,
    providers: Match.providers,
    share: Share.describe('Share of stays whose length changes.'),
    bed_days_per_stay: z.number().min(-365).max(365).refine((v) => v !== 0, 'must not be 0').describe('Change in bed days per stay (negative to shorten).'),
    price_per_bed_day: Price.describe('Cost of a bed day, stated and sourced.'),
  })
  .strict()
  .describe('Change length of stay (bed days) of a share of stays; a stay never falls below one bed day, as the build counts a same-day spell.');

export const RemoveStepChange = z
  .object({ type: z.literal('remove_step'), ...Base, ...Match, share: Share })
  .strict()
  .describe('Remove a step’s activity (money and units) for a share of episodes.');

export const AddStepChange = z
  .object({
    type: z.literal('add_step'),
    ...Base,
    step: Id.describe('Step id of the added activity (new or existing).'),
    setting: z.enum(SETTINGS),
    provider: Code.describe('Provider delivering it (an organisation code, e.g. a practice).'),
    unit: Unit,
    share: Share.describe('Share of the pathway’s episodes that receive it.'),
    units_per_episode: z.number().positive().max(1000),
    price: Price,
  })
  .strict()
  .describe('Add activity (e.g. pre-operative GP visits) to a share of episodes, priced per unit.');

export const VolumeChange = z
  .object({ type: z.literal('volume'), ...Base, ...Match, factor: z.number().positive().max(10).describe('Multiplier of volumes, e.g. 1.05 for 5% growth.') })
  .strict()
  .describe('Change volumes (demand growth, waiting-list clearance). With no filter it scales the pathway’s episodes too.');

export const UnitCostChange = z
  .object({
    type: z.literal('unit_cost'),
    ...Base,
    ...Match,
    share: Share.default(1),
    factor: z.number().min(0).max(10).optional().describe('Multiplier of the cost (price uplift), e.g. 1.03.'),
    price: Price.optional().describe('A new price per unit (new tariff), replacing the cost of the matched units.'),
  })
  .strict()
  .refine((c) => (c.factor === undefined) !== (c.price === undefined), { message: 'give exactly one of factor or price' })
  .describe('Change a unit cost: a price uplift (factor) or a new tariff (price per unit).');

export const ScenarioChange = z
  .discriminatedUnion('type', [MoveChange, LengthOfStayChange, RemoveStepChange, AddStepChange, VolumeChange, UnitCostChange])
  .meta({ id: 'ScenarioChange' });
export type ScenarioChange = z.infer<typeof ScenarioChange>;

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    id: Id.describe('Scenario id (the file name without .json).'),
    name: z.string().min(1).max(200).describe('Name shown on the page and in the CLI.'),
    description: z.string().max(4000).default('').describe('What the scenario represents and why.'),
    pathway_id: Id.describe('Pathway of the build the scenario changes.'),
    sources: z
      .array(z.object({ id: z.string().min(1).max(60), citation: z.string().min(10).max(1000), url: z.string().max(500).optional() }).strict())
      .max(20)
      .default([])
      .describe('Sources the changes rest on (guidance, evidence, price tables).'),
    changes: z.array(ScenarioChange).max(50).describe('Applied in order; the waterfall shows each one’s effect.'),
  })
  .strict()
  .meta({ id: 'Scenario', description: 'A what-if scenario: named changes to a built pathway, applied in order, each to all providers or named ones and a share of the activity.' });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** Largest scenario body the API accepts (bytes). */
export const SCENARIO_BODY_LIMIT = 64 * 1024;
