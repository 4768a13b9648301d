// Population and activity-rate assumptions. Figures are rounded from the public sources named beside them;
// where no source is named the figure is an assumption chosen to look NHS-like, not a statistic.

/**
 * Share of England's population (%) in five-year bands 0–4 … 85–89 and 90+ (ONS mid-2022 population
 * estimates for England, rounded; sums to 100).
 */
export const AGE_PYRAMID = [5.4, 5.9, 6.1, 5.8, 6.0, 6.6, 6.9, 6.8, 6.5, 6.1, 6.7, 6.7, 5.9, 5.0, 4.8, 3.9, 2.5, 1.5, 0.9];

/** Female share by the same five-year bands: about even below 60, rising to two thirds at 90+ (ONS mid-2022). */
export const FEMALE_SHARE = [0.49, 0.49, 0.49, 0.49, 0.49, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.51, 0.52, 0.53, 0.55, 0.57, 0.61, 0.68];

/** Sex recorded as `9` (not known) for this share of people (assumption). */
export const SEX_UNKNOWN_SHARE = 0.0005;

/** Live births per person per year: about 1.0% (ONS: 577,046 births in England in 2022 / 57.1M people). */
export const BIRTH_RATE = 0.0101;

/** Registrations starting / ending within the period, per person-year (assumption: GP list turnover). */
export const MOVE_IN_RATE = 0.05;
export const MOVE_OUT_RATE = 0.045;

/**
 * Annual probability of death q(age) = min(0.35, A·e^(B·age)), a Gompertz curve fitted by eye to the ONS
 * National Life Tables for England 2020–22 (q ≈ 0.0013 at 40, 0.008 at 60, 0.05 at 80, 0.13 at 90).
 */
export const MORTALITY = { a: 0.00003, b: 0.093, max: 0.35, infant: 0.004 };

/** Lower bounds of the eight activity age bands: 0–4, 5–14, 15–24, 25–44, 45–64, 65–74, 75–84, 85+. */
export const ACTIVITY_BANDS = [5, 15, 25, 45, 65, 75, 85];

/**
 * Background activity per person-year by activity band. Calibrated so the population mean is close to the
 * national figure named, and the total is ≈ 28 rows per person-year: with births, moves and deaths a person
 * is registered ≈ 1.8 of two years, ≈ 50 rows per person over a two-year period.
 */
export const ACTIVITY_RATES = {
  /** GP appointments incl. DNAs and cancellations: ≈ 6 (NHS Digital GPAD: ≈ 29M appointments a month). */
  gp: [5.4, 2.8, 3.9, 5.0, 6.5, 8.9, 11.3, 13.5],
  /**
   * Dispensed items: ≈ 18 (NHSBSA: ≈ 1.2bn items a year ≈ 21 per person; scaled down a little so the
   * all-feed total is ≈ 50 rows per registered person over two years, as the project's benchmark assumes).
   */
  prescriptions: [4.0, 2.6, 5.3, 9.3, 19.8, 41.9, 58.8, 68.8],
  /** Outpatient appointments: ≈ 2.1 (HES outpatients: ≈ 125M appointments a year). */
  op: [1.2, 0.8, 1.1, 1.7, 2.4, 3.8, 4.6, 4.2],
  /** A&E attendances: ≈ 0.36 (NHS England A&E: ≈ 25M type 1–3 attendances a year). */
  ae: [0.55, 0.28, 0.42, 0.33, 0.3, 0.35, 0.5, 0.8],
  /** Admitted spells (day cases included): ≈ 0.26 (HES admitted patient care: ≈ 17M spells a year). */
  apc: [0.12, 0.05, 0.09, 0.18, 0.27, 0.5, 0.75, 1.0],
  /** Community care contacts: ≈ 1.5, concentrated in the oldest (district nursing). */
  community: [0.6, 0.3, 0.3, 0.6, 1.2, 2.5, 6.0, 14],
};

/** Share of people in contact with mental health services in the period, by activity band (assumption). */
export const MH_USER_SHARE = [0, 0.02, 0.06, 0.05, 0.04, 0.03, 0.04, 0.06];
/** Mental health contacts per user-year (MHSDS: ≈ 1.6M people in contact, ≈ 25M contacts a year). */
export const MH_CONTACTS_PER_USER_YEAR = 9;

/** Share of people receiving adult social care in the period, by activity band (assumption, ASC-FR shaped). */
export const SOCIAL_CARE_USER_SHARE = [0, 0, 0.003, 0.004, 0.007, 0.02, 0.06, 0.18];
/** Service episodes per social care user over a two-year period (assumption). */
export const SOCIAL_CARE_SERVICES_PER_USER = 1.6;

/** Sex factor on GP, outpatient and prescribing rates from age 15 (women consult more: GPAD, HES). */
export const SEX_FACTOR = { female: 1.15, male: 0.85 };

/** Lower bounds of the ten-year pathway age bands: <40, 40–49, 50–59, 60–69, 70–79, 80–89, 90+. */
export const PATHWAY_BANDS = [40, 50, 60, 70, 80, 90];

/**
 * Knee and hip osteoarthritis prevalence by pathway band (Versus Arthritis, State of musculoskeletal health
 * 2023: ≈ 18% of people aged 45+ have knee OA; hip OA about half as common).
 */
export const KNEE_OA_PREVALENCE = [0.01, 0.04, 0.09, 0.15, 0.21, 0.25, 0.25];
export const HIP_OA_PREVALENCE = [0.005, 0.02, 0.05, 0.09, 0.12, 0.14, 0.14];

/**
 * First primary total knee replacements per 1,000 people per year by pathway band, before cohortBoost.
 * Averages ≈ 1.5 per 1,000 aged 40+ (the project brief's 1–2; NJR reports ≈ 100k primary TKRs a year in
 * England and Wales, peaking at 70–79). Women ×1.15, men ×0.85 (NJR: ≈ 57% of primary knees are in women).
 */
export const TKR_RATE_PER_1000 = [0, 0.1, 0.8, 2.4, 3.5, 2.0, 0.3];
export const TKR_SEX_FACTOR = { female: 1.15, male: 0.85 };
/** Primary total hip replacements per 1,000 per year (NJR: slightly fewer than knees, a wider age range). */
export const THR_RATE_PER_1000 = [0, 0.2, 0.8, 2.0, 3.0, 2.2, 0.6];
/** Knee revisions relative to the primary rate (NJR: revisions ≈ 6–9% of knee procedures). */
export const KNEE_REVISION_RATIO = 0.09;
/** Share of knee patients whose other knee is replaced 3–9 months later (staged bilateral; assumption). */
export const STAGED_BILATERAL_SHARE = 0.08;
