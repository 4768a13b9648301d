// generation.json: what was generated, with which parameters, and the planted features a later test checks.
// Everything but `seconds` is a function of the options, so it is as reproducible as the feed files.
import type { GenerateOptions, GenerationResult } from './options.ts';
import { ACUTE_TRUSTS, RA2_DRAW } from './reference/providers.ts';
import { TKR_RATE_PER_1000, THR_RATE_PER_1000 } from './reference/population.ts';

export function describeRun(o: Required<Omit<GenerateOptions, 'log'>>, r: GenerationResult): Record<string, unknown> {
  return {
    generator: 'pathcost sample-data',
    parameters: { patients: o.patients, seed: o.seed, format: o.format, faults: o.faults, from: o.from, to: o.to, cohort_boost: o.cohortBoost },
    rows: Object.fromEntries(r.files.map((f) => [f.feed, f.rows])),
    activity_rows: r.activityRows,
    files: r.files.map((f) => f.file).concat(['faults.csv', 'generation.json']),
    episodes: r.episodes,
    cohort_variants: {
      ...r.cohortVariants,
      note:
        'Primary knee and hip spells replacing both joints in the spell (Z94.1, or Z94.2 and Z94.3; engine flag bilateral_same_spell) or carrying an ' +
        'exclusion-list diagnosis in a secondary position (flag in_spell_complication). Shares are assumptions (sample-data/reference/joints.ts).',
    },
    faults: { total: r.faults.total, by_expected_reason: r.faults.byReason, manifest: 'faults.csv' },
    plants: [
      {
        id: 'ra2_case_mix',
        provider: 'RA2',
        description:
          'RA2 draws older, more complex hip and knee patients (P(RA2) rises with CC score and age), so it has more HN22A–C and HN12A–C spells, ' +
          'but its PLICS cost and LOS for the same case mix equal the typical trust (factor 1.00). Raw mean cost is high; case-mix-adjusted O/E ≈ 1.',
        cost_factor: trust('RA2').costFactor,
        los_factor: trust('RA2').losFactor,
        draw: RA2_DRAW,
      },
      {
        id: 'ra4_dearer',
        provider: 'RA4',
        description: 'RA4 is truly dearer: PLICS cost and LOS ≈ 30% above the typical trust at every case-mix level (all its PLICS-costed activity).',
        cost_factor: trust('RA4').costFactor,
        los_factor: trust('RA4').losFactor,
      },
    ],
    providers: {
      acute: ACUTE_TRUSTS.map((t) => ({ code: t.code, cost_factor: t.costFactor, los_factor: t.losFactor, catchment: t.catchment, mff: t.mff })),
      typical_cost_factor: 1,
      community: ['RC1', 'RC2'],
      mental_health: ['RM1'],
      local_authorities: ['E06000001', 'E08000002'],
    },
    rates_per_1000_per_year: {
      age_bands: ['<40', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'],
      primary_tkr: TKR_RATE_PER_1000,
      primary_thr: THR_RATE_PER_1000,
      note: 'First primary replacement per person-year before cohort_boost; age at the period start; women ×1.15, men ×0.85.',
    },
    notes: [
      'Codes follow pathways/sources/hip-knee-codelists.md; OPCS-4 and ICD-10 without dots as in SUS.',
      'PLICS costs centre on NCC 2024/25 national unit costs (outpatient attendances: 2023/24) × trust factor × lognormal noise.',
      'Costs supplied: APC PLICS with resource split ≈ 50%, tariff ≈ 25%, none ≈ 25%; OP 50/25/25; A&E PLICS 60%; community and MH 30%; GP 2%.',
      'faults.csv: source_row is the line in the data file with the header excluded; expected_reason is a quarantine reason.',
      'Ragged lines (an extra trailing field, ",X") and Latin-1 text ("née" with byte 0xE9, ending the line) occur in CSV output only.',
      'cost_ledger covers the NHS providers (RA1–RA5, RC1, RC2, RM1); local authorities have no ledger lines (ODS provider_code).',
      'provider_mff holds synthetic market forces factors (not NHS England values): RA3 0.95 and RA5 1.05 are their whole cost level; tariff payments are the national price × MFF.',
      'op_attendances.mode is the consultation medium: WF01C/WF01D attendances are by telephone (80%) or video.',
      'proms: 70% of primary hip/knee episodes return a pre-op questionnaire, 72% of those a post-op one (4% late); Oxford and EQ-5D levels from reference/proms.ts; outcome plant RA1 +2.5, RA3 and RA5 −2.5 Oxford points, apart from their cost factors.',
    ],
    seconds: r.seconds,
  };
}

function trust(code: string) {
  return ACUTE_TRUSTS.find((t) => t.code === code)!;
}
