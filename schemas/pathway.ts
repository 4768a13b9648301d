// Pathway definitions are data: a JSON file validated by this schema (also published as JSON Schema).
import { z } from 'zod';
import { ACTIVITY_TYPES, SETTINGS } from './tables/activity.ts';
import { CODED_FLAGS, EPISODE_FLAG_NAMES, type EpisodeFlag } from './tables/episode.ts';
import { PROMS_PROCEDURES } from './feeds/proms.ts';

/** Pathway and step ids: the one pattern the definitions and the API's parameters share. */
export const ID_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
// "all" names the all-steps margin of pathway_summary.
const Id = z.string().regex(ID_PATTERN, 'lower-case letters, digits, _ and -, up to 64').refine((id) => id !== 'all', '"all" is reserved');

/** Activity fields a code rule can look at. Lists match when any element matches. */
export const CODE_FIELDS = ['primary_procedure', 'procedures', 'primary_diagnosis', 'diagnoses', 'hrg', 'tfc', 'bnf_code', 'service_type', 'staff_role'] as const;
/** The fields holding every code of a spell, primary first (HES order): the only ones with positions. */
export const LIST_CODE_FIELDS: readonly string[] = ['procedures', 'diagnoses'];

export const CodeList = z
  .object({
    system: z.string().describe('Code system, e.g. OPCS-4, ICD-10, SNOMED CT, HRG, TFC.'),
    version: z.string().describe('Version or year of the list, e.g. "OPCS-4.9 (2023)".'),
    source: z.string().describe('Where the list comes from (publication, code list id).'),
    match: z.enum(['exact', 'prefix']).default('exact').describe('prefix: M17 matches M171, M179.'),
    codes: z.array(z.string().min(1)).min(1).describe('Codes; compared normalised (upper case, no dots or spaces).'),
  })
  .meta({ id: 'CodeList' });
export type CodeList = z.infer<typeof CodeList>;

export const CodeRule = z
  .object({
    field: z.enum(CODE_FIELDS).describe('Activity field to test.'),
    list: z.string().describe('Name of a code list in code_lists.'),
    note: z.string().optional().describe('Why the rule is there and where it comes from (documentation only).'),
  })
  .meta({ id: 'CodeRule' });
export type CodeRule = z.infer<typeof CodeRule>;

/**
 * An exclusion, tested in any position or (PROMs / HES convention for diagnoses) in the primary position only.
 * A code of the list recorded in a secondary position then says something about the spell, not why it happened:
 * `secondary: 'flag'` keeps the episode and flags it in_spell_complication.
 */
export const ExcludeRule = CodeRule.extend({
  position: z
    .enum(['any', 'primary'])
    .default('any')
    .describe('any: a match in any position excludes the anchor; primary: only a match in the first (primary) position of procedures or diagnoses does.'),
  secondary: z
    .enum(['ignore', 'flag'])
    .default('ignore')
    .describe('With position primary, what a match in a secondary position does: ignore, or flag (keep the episode, flagged in_spell_complication).'),
})
  .check((ctx) => {
    const rule = ctx.value;
    if (rule.position === 'primary' && !LIST_CODE_FIELDS.includes(rule.field)) {
      ctx.issues.push({ code: 'custom', input: rule, path: ['position'], message: `position "primary" applies to procedures or diagnoses, not ${rule.field}` });
    }
    if (rule.secondary === 'flag' && rule.position !== 'primary') {
      ctx.issues.push({ code: 'custom', input: rule, path: ['secondary'], message: 'secondary "flag" needs position "primary" (with position "any" a secondary match already excludes)' });
    }
  })
  .meta({ id: 'ExcludeRule' });
export type ExcludeRule = z.infer<typeof ExcludeRule>;

/** A variant of the pathway, told by the anchor's codes: the episode is kept and carries the flag. */
export const Variant = z
  .object({
    flag: z.enum(CODED_FLAGS).describe('The flag the episode carries.'),
    when: z.array(CodeRule).min(1).describe('The anchor is this variant when it matches every one of these rules.'),
    note: CodeRule.shape.note,
  })
  .meta({ id: 'Variant' });
export type Variant = z.infer<typeof Variant>;

/**
 * What starts an episode. Spell anchors (procedure, emergency_admission, day_case) take a look-back and a
 * look-forward window around the spell; an annual_cohort episode is one financial year of a patient with a code.
 */
export const ANCHOR_KINDS = ['procedure', 'emergency_admission', 'day_case', 'annual_cohort'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];
/** Ten years: a window is a number of days added to a date, and a longer one is a typing mistake. */
export const MAX_WINDOW_DAYS = 3660;

/** What becomes of in-window activity that matches no step. */
export const UNMATCHED_ACTIVITY = ['other_step', 'outside'] as const;

/** Same-spell bilateral operations cost two operations: compared with single ones they would rank a provider unfairly. */
export const DEFAULT_COMPARISON_EXCLUDE_FLAGS: EpisodeFlag[] = ['died_in_window', 'bilateral_same_spell'];

export const Step = z
  .object({
    id: Id.describe('Step id, e.g. orthopaedic_outpatients.'),
    label: z.string().describe('Label shown to people.'),
    phase: z.enum(['pre', 'anchor', 'post', 'any']).describe('pre: before admission; anchor: during the anchor spell; post: from discharge.'),
    settings: z.array(z.enum(SETTINGS)).optional(),
    activity_types: z.array(z.enum(ACTIVITY_TYPES)).optional(),
    codes: z.array(CodeRule).optional().describe('Any of these rules must match (when given).'),
    is_anchor: z.boolean().optional().describe('Matches only the anchor activity itself.'),
    condition_related: z.boolean().default(false).describe('Activity in this step counts as condition-related even without a coded diagnosis.'),
  })
  .meta({ id: 'Step' });
export type Step = z.infer<typeof Step>;

export const PathwayDefinition = z
  .object({
    $schema: z.string().optional(),
    id: Id,
    name: z.string(),
    description: z.string(),
    version: z.string(),
    sources: z
      .array(
        z.object({
          id: z.string(),
          citation: z.string(),
          file: z.string().optional().describe('Path, from the root of this repository, of the copy or excerpt of the source the citation was checked against.'),
        }),
      )
      .describe('Sources the code lists and rules cite.'),
    code_lists: z.record(z.string(), CodeList),
    anchor: z.object({
      kind: z
        .enum(ANCHOR_KINDS)
        .default('procedure')
        .describe(
          'procedure: a spell of the given activity types; emergency_admission: an emergency spell (admission method 2x); day_case: an elective spell discharged the day it began (HES patient classification 2); annual_cohort: patients with a qualifying code, one episode per financial year.',
        ),
      activity_types: z
        .array(z.enum(ACTIVITY_TYPES))
        .min(1)
        .optional()
        .describe('Activity types the anchor may be. Required for procedure and annual_cohort (e.g. gp_appointment); emergency_admission and day_case imply apc_emergency and apc_elective.'),
      admission_methods: z.array(z.string()).optional(),
      include: z.array(CodeRule).min(1).describe('The anchor must match one of these (e.g. a primary replacement code in any procedure position).'),
      require: z.array(CodeRule).default([]).describe('The anchor must also match every one of these (e.g. a primary diagnosis of osteoarthritis).'),
      exclude: z.array(ExcludeRule).default([]).describe('Anchors matching any of these start no episode (revisions, trauma, cancer); see position and secondary.'),
      variants: z
        .array(Variant)
        .default([])
        .describe('Anchors matching a variant are kept and flagged (e.g. a same-spell bilateral operation); variants with the same flag are alternatives.'),
      resolved_by: z
        .array(CodeRule)
        .optional()
        .describe(
          "annual_cohort only: a patient whose latest qualifying code on or before a year's end is followed, on or before it, by a code matching one of these (same day included) is off that year's register, as QOF's resolved clusters work (e.g. DMRES_COD 'Diabetes resolved'); a later qualifying code puts the patient back. Tested on the anchor's activity types.",
        ),
      min_age: z.number().int().min(0).optional().describe('Youngest age at admission (annual_cohort: on the financial year\'s last day, QOF\'s achievement date); an anchor with no known age is kept (empty age band).'),
      max_age: z.number().int().max(130).optional().describe('Oldest age at admission (annual_cohort: on the financial year\'s last day); an anchor with no known age is kept (empty age band).'),
    }),
    window: z
      .object({
        lookback_days: z.number().int().min(0).max(MAX_WINDOW_DAYS).describe('Days before admission included in the episode.'),
        lookforward_days: z.number().int().min(1).max(MAX_WINDOW_DAYS).describe('Days from discharge included, discharge day counted as day 1.'),
      })
      .optional()
      .describe('Required for spell anchors; an annual_cohort episode\'s window is its financial year (1 April to 31 March) and takes none.'),
    steps: z.array(Step).min(1).describe('Ordered: the first matching step wins; unmatched activity goes to other_<setting> (see unmatched_activity).'),
    unmatched_activity: z
      .enum(UNMATCHED_ACTIVITY)
      .default('other_step')
      .describe(
        "other_step: in-window activity no step matches is costed to other_<setting> (the whole pathway, DESIGN §5); outside: it stays outside the pathway, so an annual cohort's year holds the condition's care its steps name rather than every service the patient used that year. Only annual_cohort pathways may say outside.",
      ),
    relevance: z.object({ condition: z.array(CodeRule).describe('Activity matching any of these is condition-related.') }),
    flags: z.object({
      readmission_days: z.number().int().min(1).default(30).describe('Emergency admissions within this many days of discharge are flagged as possible complications.'),
    }),
    comparison: z
      .object({
        exclude_flags: z
          .array(z.enum(EPISODE_FLAG_NAMES))
          .default(() => [...DEFAULT_COMPARISON_EXCLUDE_FLAGS])
          .describe('Episodes carrying any of these flags are left out of the provider comparison (variation) and reported on their own; every other table keeps them.'),
        note: CodeRule.shape.note,
      })
      .default(() => ({ exclude_flags: [...DEFAULT_COMPARISON_EXCLUDE_FLAGS] }))
      .describe('Which episodes the provider comparison leaves out by default.'),
    outcomes: z
      .object({
        proms_procedure: z.enum(PROMS_PROCEDURES).describe('The national PROMs questionnaire about this pathway\'s operation: its records link to the episodes (stage 7).'),
      })
      .optional()
      .describe('Patient-reported outcomes: a pathway without this field has no PROMs linkage and no outcome rows.'),
    overlaps: z
      .object({
        rule: z.enum(['split', 'merge']).describe('split: a second anchor starts a new episode and the earlier window ends the day before it; merge: the second anchor joins the first episode.'),
      })
      .default({ rule: 'split' })
      .describe('Only spell anchors overlap: the financial years of an annual cohort never do.'),
  })
  .check((ctx) => {
    for (const [path, message] of anchorKindIssues(ctx.value)) ctx.issues.push({ code: 'custom', input: ctx.value, path, message });
  })
  .meta({ id: 'PathwayDefinition', description: 'A pathway definition: anchor (with exclusions and variants), window, steps, relevance, flags, comparison and overlap rule.' });
export type PathwayDefinition = z.infer<typeof PathwayDefinition>;

/** Codes are compared upper-case with dots and spaces removed. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[.\s]/g, '');
}

/** Fields each anchor kind needs or forbids, said in the definition's own terms: [path, message] pairs. */
function anchorKindIssues(def: { anchor: { kind: AnchorKind; activity_types?: unknown[]; admission_methods?: unknown[]; resolved_by?: unknown[] }; window?: unknown; unmatched_activity?: string }): [PropertyKey[], string][] {
  const { kind, activity_types, admission_methods, resolved_by } = def.anchor;
  const issues: [PropertyKey[], string][] = [];
  if ((kind === 'procedure' || kind === 'annual_cohort') && !activity_types) issues.push([['anchor', 'activity_types'], `an anchor of kind ${kind} names its activity_types`]);
  if ((kind === 'emergency_admission' || kind === 'day_case') && activity_types) {
    issues.push([['anchor', 'activity_types'], `the activity type of an anchor of kind ${kind} is implied (${kind === 'day_case' ? 'apc_elective' : 'apc_emergency'}): leave activity_types out`]);
  }
  if (kind === 'annual_cohort' && def.window) issues.push([['window'], "an annual_cohort episode's window is its financial year: leave window out"]);
  if (kind === 'annual_cohort' && admission_methods) issues.push([['anchor', 'admission_methods'], 'an annual_cohort anchor is a coded activity, not a spell: leave admission_methods out']);
  if (kind !== 'annual_cohort' && resolved_by) issues.push([['anchor', 'resolved_by'], `an anchor of kind ${kind} is one spell, not a register a code can resolve: leave resolved_by out`]);
  if (kind !== 'annual_cohort' && def.unmatched_activity === 'outside') {
    issues.push([['unmatched_activity'], `an anchor of kind ${kind} costs everything in its window (other_<setting> steps): leave unmatched_activity out, or make the pathway an annual_cohort`]);
  }
  if (kind !== 'annual_cohort' && !def.window) issues.push([['window'], `an anchor of kind ${kind} needs a window (lookback_days, lookforward_days)`]);
  return issues;
}
