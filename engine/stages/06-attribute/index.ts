// Stage 6 — attribute: which patients are in scope (those with an episode) and their priced rows, collected once
// (the scope, stored in the published database as its `activity`); those rows × episode windows (interval join
// per patient) → phase, step, relevance, proration of spans by days, and the MFF-neutral £ of each row. Writes
// `attributed_<n>` with everything later stages need from the activity.
import { TRANSFER_ADMISSION_METHODS } from '../../../schemas/codes.ts';
import { Activity, SETTINGS, SPAN_FEEDS } from '../../../schemas/tables/activity.ts';
import type { PathwayDefinition, Step } from '../../../schemas/pathway.ts';
import { type TableSpec, col, createCompactTableSql } from '../../../schemas/define.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { SqlParams } from '../../sql.ts';
import { type StageTable, ident, stageTable } from '../../stage-table.ts';
import { anyRuleSql } from '../05-episodes/rules.ts';
import type { PricedActivity } from '../04-price/index.ts';
import { mffDivisorSql } from '../04-price/mff.ts';

/** A pathway and the table of its episodes (stage 5). */
export interface PathwayEpisodes {
  def: PathwayDefinition;
  episodes: string;
}

const ScopeWindows: TableSpec = {
  name: 'scope_windows',
  description: 'The episode windows of every pathway built, with whether the pathway costs everything in them.',
  grain: 'One row per episode.',
  columns: {
    patient_id: col.string('Patient.'),
    window_start: col.date('First day of the window.'),
    window_end: col.date('Last day of the window.'),
    all_rows: col.boolean('True when the pathway costs everything in its windows (other_<setting> steps); false when only rows a step matches can count (unmatched_activity: outside).'),
  },
};

/**
 * The priced rows of patients with an episode that overlap one of their windows, collected once: attribution and
 * reconciliation read these, and none of them reads a row outside every window (reconciliation counts those
 * outside from the totals). They are stored once, where they are published: as `activity` in `published` (the
 * attached output database, stage 8), which then deletes the few rows no episode attributed. Stored in memory
 * and copied to the file at publish, the library's 3.7M rows of 46 columns were stored twice (docs/performance.md).
 * Each feed's scan is filtered to the patients before it is priced, rather than pricing every row of every feed
 * again. In the windows of pathways whose unmatched activity stays outside (annual cohorts of a condition), only
 * rows some step of those pathways could match are brought: a condition's year would otherwise pull in every
 * service its patients used.
 */
export async function selectActivityScope(db: Db, priced: PricedActivity, pathways: PathwayEpisodes[], published: string): Promise<StageTable> {
  const windows = stageTable(ScopeWindows.name, ScopeWindows);
  const members = pathways.map(({ def, episodes }) => `select patient_id, window_start, window_end, ${def.unmatched_activity === 'other_step'} as all_rows from ${quoteIdent(episodes)}`);
  await db.run(`create or replace table ${quoteIdent(windows.name)} as ${members.join(' union all ')}`);
  const p = new SqlParams();
  const stepOnly = pathways.filter(({ def }) => def.unmatched_activity === 'outside').map(({ def }) => anyStepSql(def, p, SCOPE_ROW));
  const stepMatch = stepOnly.length === 0 ? 'false' : `coalesce(${stepOnly.join(' or ')}, false)`;
  // A row a step matches may fall in any window, another only in a window of a pathway costing everything. Put
  // as equality on a flag (every window once with true, costing-everything ones again with false): with an
  // `or` across both sides in the condition, DuckDB 1.5.6 left the hash join (178 s instead of 3 s at 200k).
  const keyed = `select patient_id, window_start, window_end, true as step_match from ${quoteIdent(windows.name)}
    union all select patient_id, window_start, window_end, false from ${quoteIdent(windows.name)} where all_rows`;
  const narrow = (rows: string) => `select s.* from (select a.*, ${stepMatch} as step_match from (${rows}) a) s semi join (${keyed}) w
    on w.patient_id = s.patient_id and w.step_match = s.step_match and s.start_date <= w.window_end and s.end_date >= w.window_start`;
  const scope = stageTable(Activity.name, Activity, published);
  await db.run(createCompactTableSql(Activity, ident(scope)));
  await db.run(`insert into ${ident(scope)} by name ${priced.ofPatients(windows, narrow)}`, p.values);
  return scope;
}

/**
 * The values an attribution row's pathway and step can take in a build of `definitions`: their ids, each step,
 * and other_<setting> for a pathway that costs unmatched activity in its windows to the setting's other step.
 */
export function attributionVocabularies(definitions: PathwayDefinition[]): { pathway_id: string[]; step: string[] } {
  return {
    pathway_id: definitions.map((d) => d.id),
    step: definitions.flatMap((d) => [...d.steps.map((s) => s.id), ...(d.unmatched_activity === 'other_step' ? SETTINGS.map((s) => `other_${s}`) : [])]),
  };
}

/**
 * Activity columns the attribution reads: those its step and relevance rules test, and those it keeps. Named
 * rather than `a.*`: the long provenance strings (price_source, price_ref, adjustment) are most of a priced
 * row's bytes, and attributed_<n> never reads them.
 */
const ATTRIBUTED_COLUMNS = [
  'feed', 'source_id', 'patient_id', 'setting', 'activity_type', 'provider_code', 'start_date', 'end_date', 'admission_method',
  'tfc', 'hrg', 'primary_diagnosis', 'diagnoses', 'primary_procedure', 'procedures', 'service_type', 'staff_role', 'bnf_code',
  'cost_gbp', 'standardised_cost_gbp', 'cost_basis', 'cost_staff', 'cost_theatre', 'cost_ward', 'cost_drugs', 'cost_devices',
  'cost_diagnostics', 'cost_overheads', 'units', 'unit',
];

/**
 * What later stages read from `attributed_<n>` (episode totals, step costs, attribution rows, flows). The codes
 * and dates the step rules read are left behind once the step is chosen: the diabetes and COPD years attribute
 * millions of rows, and each stored column costs time.
 */
const KEPT_COLUMNS = [
  'feed', 'source_id', 'patient_id', 'setting', 'activity_type', 'provider_code', 'start_date', 'cost_gbp', 'cost_basis',
  'cost_staff', 'cost_theatre', 'cost_ward', 'cost_drugs', 'cost_devices', 'cost_diagnostics', 'cost_overheads', 'units', 'unit',
  'episode_id', 'pathway_id', 'anchor_start', 'share', 'phase', 'step',
];

export async function attributeActivities(db: Db, def: PathwayDefinition, inputs: { scope: StageTable; providerMff: StageTable }, episodeTable: string, table: string): Promise<void> {
  const p = new SqlParams();
  const steps = def.steps.map((s) => `when ${stepSql(def, s, p)} then ${p.bind(s.id)}`);
  const conditionSteps = p.bind(def.steps.filter((s) => s.condition_related).map((s) => s.id));
  const readmissionDays = p.bind(def.flags.readmission_days);
  const firstDay = firstDaySql(p);
  // in-window activity no step matches: costed to other_<setting>, or left outside the pathway
  const unmatched = def.unmatched_activity === 'other_step' ? `'other_' || setting` : 'null';
  // The equality on patient_id plus the date range plans as a hash join at near scan speed
  // (never set prefer_range_joins: it turns this into a far slower IEJoin).
  await db.run(
    `
create or replace table ${table} as
with hits as (
  select ${ATTRIBUTED_COLUMNS.map((c) => `a.${c}`).join(', ')}, e.episode_id, e.pathway_id, e.anchor_source_id, e.anchor_start, e.anchor_end, e.window_start, e.window_end,
    -- the anchor spell, and any other spell of its stay that would anchor (the second eye the same day)
    a.feed = 'apc_spells' and list_contains(e.stay_anchors, a.source_id) as is_anchor_row, e.stay_spells,
    -- Spans crossing a window edge (care packages, long spells) count by calendar days inside it.
    (datediff('day', greatest(${firstDay}, e.window_start), least(a.end_date, e.window_end)) + 1)::double
      / (datediff('day', ${firstDay}, a.end_date) + 1) as share
  from ${ident(inputs.scope)} a join ${episodeTable} e
    on a.patient_id = e.patient_id and ${firstDay} <= e.window_end and a.end_date >= e.window_start
), phased as (
  select *, ${phaseSql(def)} as phase
  from hits
), stepped as (
  select *, case ${steps.join('\n    ')} else ${unmatched} end as step
  from phased a
)
select ${KEPT_COLUMNS.map((c) => `a.${c}`).join(', ')},
  is_anchor_row or list_contains(${conditionSteps}, step) or ${anyRuleSql(def, def.relevance.condition, p)} as condition_related,
  -- a transfer in from another provider continues a stay: not a readmission
  (activity_type = 'apc_emergency' and not coalesce(list_contains(${p.bind(TRANSFER_ADMISSION_METHODS)}, admission_method), false) and phase = 'post' and start_date < anchor_end + ${readmissionDays}::integer)
    or (activity_type = 'ae_attendance' and phase = 'post') as is_complication,
  round(cost_gbp * share, 2)::decimal(18,2) as attributed_gbp,
  round(standardised_cost_gbp * share, 2)::decimal(18,2) as attributed_standardised_gbp,
  -- the money a provider supplied, divided by its market forces factor (04-price/mff.ts)
  round(cost_gbp * share / ${mffDivisorSql('a', 'm')}, 2)::decimal(18,2) as attributed_mff_neutral_gbp
from stepped a
left join (select provider_code as mff_provider, mff_index from ${quoteIdent(inputs.providerMff.name)}) m on m.mff_provider = a.provider_code
where a.step is not null`,
    p.values,
  );
}

/**
 * The first day a row counts on: a span's start (a spell, a care package), an event's end. An A&E attendance from
 * 22:30 to 02:10 is one attendance, counted whole on the day it ended, as a spell is priced in the year it ended:
 * the attendance before an emergency admission after midnight is in the admission's window, not half in it.
 */
export function firstDaySql(p: SqlParams): string {
  return `case when list_contains(${p.bind([...SPAN_FEEDS])}, a.feed) then a.start_date else a.end_date end`;
}

/**
 * An annual cohort's financial year is all anchor: it has no before and after. Otherwise the anchor phase is the
 * stay (stage 5: the anchor spell with the spells transferred to and from it): its spells, whenever they start,
 * and what else starts before its last day.
 */
function phaseSql(def: PathwayDefinition): string {
  if (def.anchor.kind === 'annual_cohort') return `'anchor'`;
  return `case when is_anchor_row or (feed = 'apc_spells' and list_contains(stay_spells, source_id)) then 'anchor'
    when start_date < anchor_start then 'pre' when start_date < anchor_end then 'anchor' else 'post' end`;
}

/** How a step rule reads a row's phase and whether the row is its episode's anchor (SQL over the row `a`). */
export interface StepRow {
  phase: string;
  anchorRow: string;
}
const ATTRIBUTED_ROW: StepRow = { phase: 'a.phase', anchorRow: 'a.is_anchor_row' };
/** Before episodes are joined: any phase (null), and any spell may be an anchor; a superset of what attribution keeps. */
const SCOPE_ROW: StepRow = { phase: 'null', anchorRow: "a.feed = 'apc_spells'" };

/** True when some step of the pathway matches the row. */
export function anyStepSql(def: PathwayDefinition, p: SqlParams, row: StepRow): string {
  return `(${def.steps.map((s) => stepSql(def, s, p, row)).join(' or ')})`;
}

function stepSql(def: PathwayDefinition, step: Step, p: SqlParams, row: StepRow = ATTRIBUTED_ROW): string {
  const parts = [step.phase === 'any' ? 'true' : `coalesce(${row.phase} = ${p.bind(step.phase)}, true)`];
  if (step.is_anchor) parts.push(row.anchorRow);
  if (step.settings) parts.push(`list_contains(${p.bind(step.settings)}, a.setting)`);
  if (step.activity_types) parts.push(`list_contains(${p.bind(step.activity_types)}, a.activity_type)`);
  if (step.codes) parts.push(anyRuleSql(def, step.codes, p));
  return parts.join(' and ');
}
