// Hip and knee replacement codes (shared/reference/codelists.md, written without dots as in SUS) and the
// HN12/HN22/HN81 HRG bands with NCC 2024/25 'Elective Inpatients' unit costs (ncc_2024_25.csv).

/** Primary total knee replacement: W40/W41/W42/O18 with 4th character .1/.8/.9 (codelists.md §1). */
export const TKR_PRIMARY = [
  { value: 'W401', weight: 70 },
  { value: 'W408', weight: 3 },
  { value: 'W409', weight: 3 },
  { value: 'W411', weight: 6 },
  { value: 'W418', weight: 1 },
  { value: 'W419', weight: 1 },
  { value: 'W421', weight: 6 },
  { value: 'W428', weight: 1 },
  { value: 'W429', weight: 2 },
  { value: 'O181', weight: 5 },
  { value: 'O188', weight: 1 },
  { value: 'O189', weight: 1 },
];
/** Knee revisions and conversions (.0/.2/.3/.4…): the engine must exclude these from the primary cohort. */
export const TKR_REVISION = [
  { value: 'W403', weight: 40 },
  { value: 'W413', weight: 10 },
  { value: 'W423', weight: 10 },
  { value: 'W404', weight: 15 },
  { value: 'W424', weight: 5 },
  { value: 'O183', weight: 10 },
  { value: 'W400', weight: 5 },
  { value: 'W402', weight: 5 },
];
/** Primary total hip replacement: W37/W38/W39/W93/W94/W95 with .1/.8/.9 (codelists.md §2, PROMs list). */
export const THR_PRIMARY = [
  { value: 'W371', weight: 30 },
  { value: 'W378', weight: 2 },
  { value: 'W379', weight: 2 },
  { value: 'W381', weight: 30 },
  { value: 'W388', weight: 1 },
  { value: 'W389', weight: 2 },
  { value: 'W391', weight: 8 },
  { value: 'W398', weight: 1 },
  { value: 'W399', weight: 1 },
  { value: 'W931', weight: 15 },
  { value: 'W938', weight: 1 },
  { value: 'W939', weight: 1 },
  { value: 'W941', weight: 3 },
  { value: 'W948', weight: 1 },
  { value: 'W949', weight: 1 },
  { value: 'W951', weight: 3 },
  { value: 'W958', weight: 1 },
  { value: 'W959', weight: 1 },
];
/** Laterality (OPCS Z94.2 right, Z94.3 left). */
export const LATERALITY = ['Z942', 'Z943'];
/** Bilateral operation (OPCS Z94.1; codelists.md §3). */
export const BILATERAL = 'Z941';

/**
 * Same-spell bilateral replacements: both joints in one spell, coded Z94.1, or as a right (Z94.2) and a left (Z94.3)
 * operation — the two forms the PROMs rule names (codelists.md §3). Shares of primary knees and hips, the cost
 * factor on the spell's PLICS (two prostheses and the theatre time of two operations, one stay) and the extra
 * night are assumptions: no rate is in the project's references. Single-anaesthetic bilateral surgery is uncommon
 * in England, more so for hips.
 */
export const SAME_SPELL_BILATERAL = { knee: 0.02, hip: 0.01, codedZ941: 0.5, costFactor: 1.6, extraNights: 1 };

/**
 * A diagnosis of the pathways' exclusion lists recorded in a secondary position of a primary replacement spell:
 * an intra-operative peri-prosthetic fracture (M96.6), a prosthesis complication (T84.0 mechanical, T84.5
 * infection), or a cancer coded alongside (C61 prostate, X-padded as in HES; C50.9 breast). Share and mix are
 * assumptions; they exercise the engine's in_spell_complication flag.
 */
export const IN_SPELL_EXCLUSION_DX = {
  share: 0.03,
  codes: [
    { value: 'M966', weight: 30 },
    { value: 'T840', weight: 15 },
    { value: 'T845', weight: 5 },
    { value: 'C61X', weight: 25 },
    { value: 'C509', weight: 25 },
  ],
};

/** Primary diagnoses: M17.x gonarthrosis, M16.x coxarthrosis; T84.0/T84.5 for revisions (codelists.md §4). */
export const KNEE_OA_DX = [
  { value: 'M171', weight: 66 },
  { value: 'M170', weight: 14 },
  { value: 'M179', weight: 12 },
  { value: 'M175', weight: 4 },
  { value: 'M173', weight: 4 },
];
export const HIP_OA_DX = [
  { value: 'M161', weight: 65 },
  { value: 'M160', weight: 10 },
  { value: 'M169', weight: 15 },
  { value: 'M167', weight: 5 },
  { value: 'M165', weight: 5 },
];
export const REVISION_DX = [
  { value: 'T840', weight: 80 },
  { value: 'T845', weight: 20 },
];
/** Presence of orthopaedic joint implant (secondary diagnosis on a second knee or a revision). */
export const JOINT_IMPLANT_DX = 'Z966';

export interface HrgBand {
  hrg: string;
  /** Lowest CC score in the band. */
  minCc: number;
  /** NCC 2024/25 Elective Inpatients unit cost (£). */
  cost: number;
}

/** HN22 Very Major Knee Procedures for Non-Trauma: A CC 8+, B 6–7, C 4–5, D 2–3, E 0–1. */
export const HN22: readonly HrgBand[] = [
  { hrg: 'HN22A', minCc: 8, cost: 12184.4 },
  { hrg: 'HN22B', minCc: 6, cost: 9907.65 },
  { hrg: 'HN22C', minCc: 4, cost: 9115.63 },
  { hrg: 'HN22D', minCc: 2, cost: 8465.59 },
  { hrg: 'HN22E', minCc: 0, cost: 8104.5 },
];
/** HN12 Very Major Hip Procedures for Non-Trauma: A CC 10+, B 8–9, C 6–7, D 4–5, E 2–3, F 0–1. */
export const HN12: readonly HrgBand[] = [
  { hrg: 'HN12A', minCc: 10, cost: 13085.31 },
  { hrg: 'HN12B', minCc: 8, cost: 10556.88 },
  { hrg: 'HN12C', minCc: 6, cost: 10511.63 },
  { hrg: 'HN12D', minCc: 4, cost: 9559.1 },
  { hrg: 'HN12E', minCc: 2, cost: 8949.66 },
  { hrg: 'HN12F', minCc: 0, cost: 8464.22 },
];
/** HN81 Complex Hip or Knee Procedures for Non-Trauma (revisions, unverified grouping): A 9+ … E 0–1. */
export const HN81: readonly HrgBand[] = [
  { hrg: 'HN81A', minCc: 9, cost: 22910.83 },
  { hrg: 'HN81B', minCc: 6, cost: 16521.59 },
  { hrg: 'HN81C', minCc: 4, cost: 14877.8 },
  { hrg: 'HN81D', minCc: 2, cost: 13951.9 },
  { hrg: 'HN81E', minCc: 0, cost: 13010.22 },
];

/** Base length of stay (nights) before the provider factor, by complexity: 2.5 + 0.25 per CC point. */
export const JOINT_LOS = { base: 2.5, perCc: 0.25, min: 1, max: 6, revisionExtra: 2, revisionMax: 10 };

/** Events around a replacement (shares of episodes; assumptions unless a source is named). */
export const PATHWAY_SHARES = {
  /** 30-day emergency readmission ≈ 5–6% after TKR (NHS Digital / NJR reports). */
  readmission: 0.055,
  /** A&E attendance within 90 days of discharge. */
  ae: 0.09,
  /** Reablement after discharge, by age: <65, 65–74, 75+. */
  reablement: [0.05, 0.1, 0.2],
  /** A longer home-care package starting after discharge and running past day 90 (75+ / younger). */
  homeCare: [0.02, 0.05],
  /** Planted deaths within the 90-day window (oversampled versus the ≈ 0.3% national rate, to exercise flags). */
  death90: 0.012,
  /** Planted moves away (registration ends) within the 90-day window. */
  move90: 0.015,
  /** MRI of the joint before listing. */
  mri: 0.2,
  /** One-year orthopaedic review. */
  yearReview: 0.7,
  /** Community occupational therapy after discharge. */
  ot: 0.3,
};

/**
 * Reasons for an emergency readmission within 30 days (assumption on the mix; HRG unit costs NCC 2024/25
 * non-elective short stay / long stay): prosthetic joint infection, PE, limb pain, a fall, UTI.
 */
export const READMISSION_REASONS = [
  { value: { hrg: 'HD25F', dx: 'T845', tfc: '110', cost_short: 743.67, cost_long: 5809.88, mean_los: 7 }, weight: 25 },
  { value: { hrg: 'DZ09N', dx: 'I269', tfc: '300', cost_short: 725.05, cost_long: 3115.37, mean_los: 4 }, weight: 15 },
  { value: { hrg: 'HD26G', dx: 'M796', tfc: '110', cost_short: 367.85, cost_long: 2673.99, mean_los: 2 }, weight: 35 },
  { value: { hrg: 'WH09F', dx: 'R296', tfc: '430', cost_short: 707.07, cost_long: 4267.29, mean_los: 5 }, weight: 10 },
  { value: { hrg: 'LA04Q', dx: 'N390', tfc: '300', cost_short: 667.74, cost_long: 3619.95, mean_los: 4 }, weight: 15 },
];
/** A&E after a replacement: knee pain 30989003, pain 22253000, cellulitis 128045006 (SNOMED CT). */
export const POST_OP_AE = { knee: '30989003', hip: '22253000', cellulitis: '128045006', hrgs: ['VB07Z', 'VB09Z', 'VB03Z'] };
