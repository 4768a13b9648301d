import { col, defineTable, required } from '../define.ts';

/**
 * The flags an episode can carry (values of `episode.flags` and of the API's `flag` filter), with their meaning.
 * `readmitted` names no day count: its window is the definition's `flags.readmission_days`, which may not be 30.
 */
export const EPISODE_FLAGS = {
  died_in_window: 'the patient died between admission and the end of the window',
  died_before_anchor:
    'the patients feed dates the death before the admission: a wrong date or a wrong link between feeds (kept and costed; check the patients feed)',
  moved_away: 'the patient’s GP registration ended before the window did (inside it, or before it began), so primary care may be missing',
  bilateral_staged:
    'another anchor of the same patient overlapped this window (e.g. the second of staged knees, or a second stroke), or was admitted on a later day before this stay’s discharge, not by transfer, and is part of this episode (a transfer between hospitals continues the stay and is not flagged)',
  window_not_covered: 'the window ends after the last day every feed covers (the episode is provisional)',
  readmitted: 'an emergency admission within the definition’s readmission_days of discharge',
  post_op_ae: 'an A&E attendance after discharge, within the window',
  bilateral_same_spell:
    'both joints replaced in the anchor spell (OPCS Z94.1 bilateral, or Z94.2 right with Z94.3 left), or a second anchor spell admitted the same day in the same stay (both eyes in two day-case spells): the cost of two operations, a variant left out of the provider comparison by default (the definition’s comparison.exclude_flags)',
  in_spell_complication:
    'a diagnosis on the definition’s exclusion list (fracture, prosthesis complication, cancer) recorded in a secondary position of the anchor spell: kept, because it arose in or alongside the spell rather than being the reason for it',
} as const;
export type EpisodeFlag = keyof typeof EPISODE_FLAGS;
export const EPISODE_FLAG_NAMES = Object.keys(EPISODE_FLAGS) as [EpisodeFlag, ...EpisodeFlag[]];

/** Flags a pathway definition sets from the anchor spell's own codes (its variants and exclusion rules). */
export const CODED_FLAGS = ['bilateral_same_spell', 'in_spell_complication'] as const satisfies readonly EpisodeFlag[];
export type CodedFlag = (typeof CODED_FLAGS)[number];

export const Episode = defineTable({
  name: 'episode',
  description: 'Pathway episodes: one per anchor event, with window, cohort, flags and totals.',
  grain: 'one row per pathway episode',
  columns: {
    episode_id: col.string('Deterministic episode identifier (pathway + anchor source id).', required),
    pathway_id: col.string('Pathway definition id.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    anchor_source_id: col.string('Source id of the anchor activity (e.g. the elective spell).', required),
    anchor_provider_code: col.string('Accountable provider (the anchor’s).', required),
    practice_code: col.string('Registered GP practice.'),
    anchor_start: col.date('Admission date of the anchor.', required),
    anchor_end: col.date('Discharge date of the anchor.', required),
    window_start: col.date('First day of the look-back window (may be cut by an earlier overlapping episode).', required),
    window_end: col.date('Last day of the look-forward window (discharge day counted as day 1).', required),
    month: col.string('Anchor month (YYYY-MM), the partition key.', required),
    los_days: col.integer('Length of stay in nights.', required),
    age: col.integer('Age at admission (annual cohort: on the last day of the financial year, QOF\'s achievement date).'),
    age_band: col.string('Age band at admission: 0-17, 18-54, 55-64, 65-74, 75-84 or 85+; empty when the age is unknown (no valid birth date).'),
    sex: col.string('Sex (1, 2, 9).'),
    imd_decile: col.integer('IMD decile.'),
    imd_quintile: col.integer('IMD quintile.'),
    complication_band: col.string('Complication band from the anchor HRG split (e.g. CC 0-1).'),
    status: col.enum('complete, or provisional while a feed’s coverage does not reach the window end.', ['complete', 'provisional'], required),
    flags: col.list(`Flags, any of — ${Object.entries(EPISODE_FLAGS).map(([name, meaning]) => `${name}: ${meaning}`).join('; ')}.`),
    total_cost_gbp: col.money('All-cause cost attributed to the episode (actual basis).', required),
    condition_cost_gbp: col.money('Condition-related cost attributed to the episode.', required),
    standardised_cost_gbp: col.money('All-cause cost re-priced at national unit costs.', required),
    overhead_standardised_cost_gbp: col.money('All-cause cost with PLICS overheads replaced by the ICB-wide rate.', required),
    mff_neutral_cost_gbp: col.money('All-cause cost with the money each provider supplied (PLICS, tariff and other payments) divided by its market forces factor (provider_mff feed); national unit costs unchanged. Equal to total_cost_gbp without that feed.', required),
  },
});
