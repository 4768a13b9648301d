import { col, defineTable, required } from '../define.ts';

/**
 * The PROMs linkage windows (stage 7, proms-link.ts). The programme hands the pre-operative questionnaire out
 * at the pre-operative assessment, before the operation, and posts the post-operative one six months after it
 * (NHS Digital, "Patient Reported Outcome Measures (PROMs) in England — a guide to PROMs methodology", 2017,
 * proms_guide_v12.pdf, as cited by shirazsabah/proms-over-time README.md; the six-month follow-up as in Black
 * et al., HQLO 2013 11:128). The day counts are ours: a pre-op questionnaire up to 90 days before admission, and a
 * post-op one 150–270 days after it (six months ± about three, allowing for the post and reminders).
 */
export const PROMS_WINDOWS = { preopDaysBefore: 90, postopFromDays: 150, postopToDays: 270 } as const;

export const PROMS_MEASURES = {
  oxford: 'Oxford Hip or Knee Score (0–48)',
  eq5d: 'EQ-5D-3L index (−0.594 to 1)',
} as const;
export type PromsMeasure = keyof typeof PROMS_MEASURES;

export const PROMS_LINK_STATUSES = {
  linked: 'a pre-op questionnaire within the window before admission and its post-op questionnaire 150–270 days after admission',
  postop_outside_window: 'a pre-op questionnaire was linked, but its post-op questionnaire came back before day 150 or after day 270',
  preop_only: 'a pre-op questionnaire was linked; no post-op questionnaire came back',
  no_record: 'no PROMs record of the patient for this procedure was handed out in the 90 days before admission (or every such record belongs to a later operation)',
} as const;
export type PromsLinkStatus = keyof typeof PROMS_LINK_STATUSES;

/**
 * Case-mix variables of the outcome model besides the pre-operative score (those the episode carries; the
 * national model also has the questionnaire's own comorbidity and symptom-period answers, which the feed does
 * not hold).
 */
export const OUTCOME_CASEMIX = ['age_band', 'sex', 'imd_quintile'] as const;

export const EpisodeOutcome = defineTable({
  name: 'episode_outcome',
  description: 'Each episode of a pathway with a PROMs procedure (knee or hip replacement) and the PROMs record linked to it, if any: patient-level, like episode.',
  grain: 'one row per episode of a PROMs pathway',
  columns: {
    episode_id: col.string('Episode.', required),
    pathway_id: col.string('Pathway.', required),
    anchor_provider_code: col.string('Accountable provider of the episode.', required),
    eligible: col.boolean('True when the post-op window has closed by the data’s coverage end (admission + 270 days): only these count in rates and gains.', required),
    link_status: col.enum(`How the episode linked: ${Object.entries(PROMS_LINK_STATUSES).map(([k, v]) => `${k}: ${v}`).join('; ')}.`, Object.keys(PROMS_LINK_STATUSES), required),
    proms_id: col.string('The linked PROMs record (empty when none).'),
    preop_date: col.date('Pre-op questionnaire date of the linked record.'),
    postop_date: col.date('Post-op questionnaire date of the linked record.'),
    oxford_pre: col.integer('Oxford score before (linked records only).'),
    oxford_post: col.integer('Oxford score after (linked status only).'),
    oxford_expected_post: col.decimal('Oxford score after as the ICB’s case-mix model predicts it for this episode.'),
    eq5d_pre: col.decimal('EQ-5D index before.'),
    eq5d_post: col.decimal('EQ-5D index after (linked status only).'),
    eq5d_expected_post: col.decimal('EQ-5D index after as the model predicts it.'),
  },
});

export const PromsLinkage = defineTable({
  name: 'proms_linkage',
  description: 'How many of each provider’s eligible episodes have a PROMs record linked (participation) and a pre- and post-op pair (linkage), and how many of its PROMs records link to no episode.',
  grain: 'pathway × anchor provider (and ICB)',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider, or ICB.', required),
    n_episodes: col.integer('Eligible episodes (post-op window closed by the coverage end).'),
    n_preop: col.integer('Eligible episodes with a pre-op questionnaire linked.'),
    n_linked: col.integer('Eligible episodes with a pre- and post-op pair in the windows.'),
    n_postop_outside_window: col.integer('Eligible episodes whose post-op questionnaire came back outside 150–270 days (empty when the count alone is from 1 to threshold − 1, or its complement).'),
    participation_rate: col.decimal('n_preop ÷ n_episodes, to four places.'),
    linkage_rate: col.decimal('n_linked ÷ n_episodes, to four places (the response rate).'),
    n_records_unlinked: col.integer('Clean PROMs records of this procedure naming this provider that link to no episode of the pathway (a record’s own provider; the ICB row counts them all; empty when small, like n_postop_outside_window).'),
    suppressed: col.boolean('True when n_episodes, n_preop, n_linked or a measure’s n_linked, or the difference of two nested ones (n_episodes − n_preop, n_preop − n_linked, n_linked − a measure’s n_linked, pathway_summary’s episodes − n_episodes), is from 1 to threshold − 1, the provider is hidden in pathway_summary, or it is the complement of one of those.', required),
  },
});

export const ProviderOutcome = defineTable({
  name: 'provider_outcome',
  description: 'Per provider and measure: health gain adjusted for pre-op score and case mix (the national PROMs approach), with funnel limits, the cost per point gained and the cost and outcome O/E the value view plots.',
  grain: 'pathway × anchor provider (and ICB) × measure',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider, or ICB.', required),
    measure: col.enum(`Outcome: ${Object.entries(PROMS_MEASURES).map(([k, v]) => `${k} ${v}`).join('; ')}.`, Object.keys(PROMS_MEASURES), required),
    n_linked: col.integer('Linked eligible episodes with both scores of this measure.'),
    mean_pre: col.decimal('Mean score before.'),
    mean_post: col.decimal('Mean score after.'),
    mean_gain: col.decimal('Mean observed gain (after − before).'),
    expected_gain: col.decimal('Mean gain the ICB’s model expects for these patients (expected after − before).'),
    adjusted_gain: col.decimal('Case-mix adjusted mean gain: the ICB’s mean gain + (mean after − mean expected after). The ICB row holds its own mean gain.'),
    outcome_oe: col.decimal('Observed ÷ expected gain: above 1, more gain than the case mix predicts.'),
    lower_95: col.decimal('Lower 95% funnel limit of adjusted_gain: the ICB’s mean gain − 1.96 σ/√n (σ the model’s residual standard deviation).'),
    upper_95: col.decimal('Upper 95% funnel limit of adjusted_gain.'),
    lower_998: col.decimal('Lower 99.8% funnel limit (3.09 σ/√n).'),
    upper_998: col.decimal('Upper 99.8% funnel limit.'),
    outlier: col.enum('Where adjusted_gain falls against the limits.', ['above_998', 'above_95', 'within', 'below_95', 'below_998']),
    mean_cost_gbp: col.money('Mean all-cause episode cost (actual basis) of these linked episodes.'),
    cost_per_unit_gbp: col.money('mean_cost_gbp per point of Oxford score gained (oxford), or per 0.1 of EQ-5D gained (eq5d), on the adjusted gain; empty when the adjusted gain is not above 0.'),
    cost_oe: col.decimal('The provider’s case-mix adjusted cost O/E (variation, actual basis, raw view).'),
    residual_sd: col.decimal('σ: the residual standard deviation of the ICB’s outcome model for the pathway and measure.'),
    model_terms: col.integer('Coefficients fitted: intercept, pre-op score and the non-reference levels of age band, sex and IMD quintile (aliased ones left out).'),
    suppressed: col.boolean('True when n_linked is from 1 to threshold − 1, the provider is hidden in pathway_summary or its linkage row, or it is the complement of one of those.', required),
  },
});
