// The organisations of the synthetic ICB and the two fairness plants a later issue tests against.

export interface AcuteTrust {
  code: string;
  /** Share of the population living in the trust's catchment (by LSOA). */
  catchment: number;
  /** Multiplier on PLICS cost for the same case mix (1 = typical). */
  costFactor: number;
  /** Multiplier on length of stay for the same case mix. */
  losFactor: number;
  /** Weight among elective hip/knee patients not drawn to RA2. */
  electiveWeight: number;
  /** Market forces factor (synthetic): the part of costFactor that is unavoidable local cost; tariff payments carry it. */
  mff: number;
}

/**
 * Five acute trusts. The typical cost level is 1.00 (the median of the five factors).
 * Plant 1 — RA2 draws older, more complex joint-replacement patients (higher CC bands, more HN22A–C) but
 * costs the same as the typical trust for the same case mix: its raw mean is high, its case-mix-adjusted
 * ratio should be ≈ 1. Plant 2 — RA4 is truly dearer: ≈ 30% higher PLICS cost and LOS at every case-mix level.
 * Market forces factors (synthetic, not NHS England's): RA3's and RA5's cost levels (0.95, 1.05) are their MFF,
 * so on the MFF-neutral basis they cost what the typical trust costs; RA4's MFF is 1.00, so it stays dearer.
 */
export const ACUTE_TRUSTS: readonly AcuteTrust[] = [
  { code: 'RA1', catchment: 0.25, costFactor: 1.0, losFactor: 1.0, electiveWeight: 0.32, mff: 1.0 },
  { code: 'RA2', catchment: 0.2, costFactor: 1.0, losFactor: 1.0, electiveWeight: 0, mff: 1.0 },
  { code: 'RA3', catchment: 0.2, costFactor: 0.95, losFactor: 0.9, electiveWeight: 0.24, mff: 0.95 },
  { code: 'RA4', catchment: 0.2, costFactor: 1.3, losFactor: 1.3, electiveWeight: 0.24, mff: 1.0 },
  { code: 'RA5', catchment: 0.15, costFactor: 1.05, losFactor: 1.1, electiveWeight: 0.2, mff: 1.05 },
];

/**
 * Probability that a hip/knee patient is treated at RA2: rises with CC score and age, so RA2's case mix is
 * older and more complex. p = clamp(base + perCc·cc + perYear·(age − 60), min, max).
 */
export const RA2_DRAW = { base: 0.08, perCc: 0.05, perYear: 0.008, min: 0.04, max: 0.7 };

/** Community providers, split by LSOA (the first 55% of LSOAs are RC1's). */
export const COMMUNITY_PROVIDERS = [
  { code: 'RC1', catchment: 0.55 },
  { code: 'RC2', catchment: 0.45 },
];
export const MENTAL_HEALTH_PROVIDER = 'RM1';

/** Written as the `source` of every provider_mff row: the values are made up for the synthetic ICB. */
export const MFF_SOURCE = 'synthetic: pathcost sample-data generator (not NHS England values)';
/**
 * The provider_mff feed the generator writes: acute trusts as above; community and mental health providers at
 * 1.00 (their supplied costs carry no planted local cost level). Practices and councils have no MFF.
 */
export const PROVIDER_MFF: ReadonlyArray<{ code: string; mff: number }> = [
  ...ACUTE_TRUSTS.map((t) => ({ code: t.code, mff: t.mff })),
  ...COMMUNITY_PROVIDERS.map((c) => ({ code: c.code, mff: 1.0 })),
  { code: MENTAL_HEALTH_PROVIDER, mff: 1.0 },
];
/** Local authorities (ONS codes of Hartlepool and Bury, used only as well-formed examples), split by LSOA. */
export const LOCAL_AUTHORITIES = [
  { code: 'E06000001', catchment: 0.5 },
  { code: 'E08000002', catchment: 0.5 },
];

/** Registered patients per GP practice (NHS Digital: ≈ 9,900 on average in 2024; the brief asks for 7,000). */
export const PATIENTS_PER_PRACTICE = 7000;
/** People per LSOA (ONS: LSOAs hold 1,000–3,000 residents, ≈ 1,700 on average). */
export const PEOPLE_PER_LSOA = 1600;
/** First LSOA number used, so codes read E01012000 onwards. */
export const FIRST_LSOA = 12000;

/** How often a provider supplies a cost on a row (assumption): PLICS actual, tariff price, or none. */
export const COST_SUPPLY = {
  apc: { plics: 0.5, tariff: 0.25 },
  op: { plics: 0.5, tariff: 0.25 },
  ae: { plics: 0.6, tariff: 0 },
  community: { plics: 0.3, tariff: 0 },
  mental_health: { plics: 0.3, tariff: 0 },
  gp: { plics: 0.02, tariff: 0 },
};

/**
 * Ledger lines not costed to patients, as a share of the provider's patient-level costs (assumption).
 * Local authorities have no ledger: the ledger's provider_code is an ODS code, and councils are known to the
 * feeds by their ONS code (E06…/E08…), which that pattern rejects.
 */
export const LEDGER_LINES = {
  acute: [
    { line: 'corporate_overhead', share: 0.08 },
    { line: 'education_and_training', share: 0.025 },
    { line: 'research_and_development', share: 0.01 },
  ],
  community: [
    { line: 'block_contract_uncosted', share: 0.35 },
    { line: 'corporate_overhead', share: 0.07 },
  ],
  mentalHealth: [
    { line: 'block_contract_uncosted', share: 0.4 },
    { line: 'corporate_overhead', share: 0.07 },
  ],
};
