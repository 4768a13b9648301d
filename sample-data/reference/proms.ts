// PROMs for the synthetic hip and knee replacements: response, timing and score levels near the national
// programme's published figures, and each trust's outcome offset (the outcome plant), set apart from its cost
// factor so providers differ in outcome independently of cost.
// Sources:
// - Six-month Oxford score change in the English PROMs programme: hip 20.2, knee 15.0 points (Black et al.,
//   Health Qual Life Outcomes 2013;11:128, 60,160 patients); NHS Digital's finalised PROMs for recent years report
//   knee pre ≈ 19, post ≈ 36–37 (gain ≈ 17), hip pre ≈ 18, post ≈ 40 (gain ≈ 22), EQ-5D gains ≈ 0.3–0.45 and
//   participation ≈ 70% with ≈ 50% of procedures linked to a pre- and post-op pair (figures as given in the
//   issue's brief; the publication tables themselves were not read: https://digital.nhs.uk/data-and-information/
//   publications/statistical/patient-reported-outcome-measures-proms).
// - Pre-op OHS ≈ 19.7 (SD 8.2) in a single-centre THA cohort (Bone Jt Open 2022;3(3):196–204).
// - EQ-5D-3L index range −0.594 to 1 (UK value set; J Orthop Surg Res 2021;16:18, NHS PROMs linked to HES).

/** Share of episodes whose patient returns a pre-op questionnaire (participation). */
export const PREOP_RETURN = 0.7;
/** Share of pre-op responders who return the post-op one: 0.7 × 0.72 ≈ 0.5 of episodes linked. */
export const POSTOP_RETURN = 0.72;
/** Pre-op questionnaire completed 1 to PREOP_DAYS_MAX days before admission (at the pre-op assessment). */
export const PREOP_DAYS_MAX = 60;
/** Post-op questionnaire completed this many days after admission (six months, post and reminders), uniform. */
export const POSTOP_DAYS = { min: 165, max: 240 };
/** Share of post-op questionnaires returned late (280–330 days): the linkage window leaves them out. */
export const POSTOP_LATE = 0.04;

/**
 * Oxford score model per joint: pre ~ Normal(mean, sd), post = intercept + slope × pre + noise (clamped 0–48),
 * so the mean post-op score is intercept + slope × pre mean (knee 28.9 + 0.4 × 19 = 36.5, hip 34.6 + 0.3 × 18 = 40).
 */
export const OXFORD = {
  knee: { preMean: 19, preSd: 7.5, intercept: 28.9, slope: 0.4, noiseSd: 8 },
  hip: { preMean: 18, preSd: 8, intercept: 34.6, slope: 0.3, noiseSd: 7 },
} as const;

/** EQ-5D-3L index per joint: pre ~ Normal, post = pre mean + gain + slope × (pre − pre mean) + noise, clamped −0.594–1. */
export const EQ5D = {
  knee: { preMean: 0.41, preSd: 0.28, gain: 0.32, slope: 0.35, noiseSd: 0.18 },
  hip: { preMean: 0.35, preSd: 0.3, gain: 0.44, slope: 0.3, noiseSd: 0.17 },
} as const;

/** Case mix in the post-op score: points per IMD decile above 5.5 (less deprived do better), and from age 80. */
export const CASEMIX_EFFECT = { perImdDecile: 0.3, age80: -1.5 };

/**
 * The outcome plant: Oxford points added to each trust's post-op score (EQ-5D: × 0.02), in RA1–RA5 order. Not
 * its cost factor: RA1 costs the typical amount with better outcomes; RA3 is cheaper with worse; RA4 is dearer
 * with typical outcomes; RA5 is dearer with worse (the four quadrants of the value view).
 */
export const TRUST_OUTCOME_OFFSET = [2.5, 0, -2.5, 0, -2.5];
export const EQ5D_PER_OXFORD_POINT = 0.02;
