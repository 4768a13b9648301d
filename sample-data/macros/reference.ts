// Table macros holding the reference constants of sample-data/reference/ as SQL literals, so the SQL files
// read `pick(gp_roles(), u)` and the figures (with their sources) live in one typed place.
import { aliasList, groupedAlias, lit, type Literal } from '../sql-literal.ts';
import * as pop from '../reference/population.ts';
import * as prov from '../reference/providers.ts';
import * as hosp from '../reference/hospital.ts';
import * as joints from '../reference/joints.ts';
import * as opd from '../reference/outpatients.ts';
import * as pc from '../reference/primary-care.ts';
import * as comm from '../reference/community.ts';
import * as proms from '../reference/proms.ts';
import * as lib from '../reference/library.ts';

const macro = (name: string, value: Literal): string => {
  assertCsvSafe(value, name);
  return `create or replace macro ${name}() as ${lit(value)}`;
};

/** CSV lines are built without quoting (csv-line.ts): no reference string may hold a comma, quote or line break. */
function assertCsvSafe(value: Literal, where: string): void {
  if (typeof value === 'string' && /[,"\r\n]/.test(value)) throw new Error(`${where}: "${value}" would need CSV quoting`);
  if (Array.isArray(value)) value.forEach((v) => assertCsvSafe(v, where));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => assertCsvSafe(v as Literal, where));
}
const cumulative = (xs: readonly number[]): number[] => {
  const total = xs.reduce((a, b) => a + b, 0);
  let run = 0;
  return xs.slice(0, -1).map((x) => (run += x) / total);
};
type Group = hosp.AgeGroup;
const GROUPS: readonly Group[] = ['child', 'adult', 'older'];
const SEXES = ['1', '2'] as const;

/** Grouped alias list, group = age group (0–2) × 2 + sex (male 0, female 1), for items restricted by sex. */
function bySexAndGroup<T>(pick: (g: Group, sex: '1' | '2') => Array<{ value: T; weight: number }>): T[] {
  return groupedAlias(GROUPS.flatMap((g) => SEXES.map((s) => pick(g, s))));
}

/** Item numbers (1-based); group = (child, adult 18–44 with maternity, adult 45–64, older) × 2 + sex. */
function apcMixes(items: readonly hosp.ApcItem[]): number[] {
  const groups: Array<[Group, boolean]> = [['child', false], ['adult', true], ['adult', false], ['older', false]];
  return groupedAlias(
    groups.flatMap(([g, maternityAge]) =>
      SEXES.map((s) =>
        items
          .map((item, i) => ({ value: i + 1, weight: item.weights[g] ?? 0, item }))
          .filter(({ item, weight }) => weight > 0 && (!item.sex || item.sex === s) && (!item.maternity || maternityAge))
          .map(({ value, weight }) => ({ value, weight })),
      ),
    ),
  );
}
type Choices<T> = ReadonlyArray<{ value: T; weight: number }>;

/**
 * A weighted choice of structs as three macros: `<name>_items()` holds each distinct struct once,
 * `<name>_alias()` an alias list of their 1-based numbers (grouped when `groups` > 1), and `<name>([g,] u)`
 * picks one. Indexing a short list is much cheaper per row than extracting from a long list of structs.
 */
function weightedItems<T extends Literal>(name: string, groups: ReadonlyArray<Choices<T>>): string[] {
  const items: T[] = [];
  const numbers = new Map<string, number>();
  const numbered = groups.map((choices) =>
    choices.map(({ value, weight }) => {
      const key = JSON.stringify(value);
      if (!numbers.has(key)) numbers.set(key, items.push(value));
      return { value: numbers.get(key)!, weight };
    }),
  );
  const grouped = groups.length > 1;
  const pickExpr = grouped ? `pickg(${name}_alias(), g, u)` : `pick(${name}_alias(), u)`;
  return [
    macro(`${name}_items`, items),
    macro(`${name}_alias`, grouped ? groupedAlias(numbered) : aliasList(numbered[0], 1000)),
    `create or replace macro ${name}(${grouped ? 'g, ' : ''}u) as ${name}_items()[${pickExpr}]`,
  ];
}

const apcItem = (i: hosp.ApcItem) => ({
  hrg: i.hrg, tfc: i.tfc, dx: i.dx, procs: i.procs, cost_short: i.costShort, cost_long: i.costLong, mean_los: i.meanLos, maternity: i.maternity ?? false,
});
const svc = (s: comm.Service) => ({ service: s.service, role: s.role, cost: s.cost, minutes: [...s.minutes], home: s.home });
const care = (c: comm.CareService) => ({
  type: c.type, frequency: c.frequency, cost_lo: c.cost[0], cost_hi: c.cost[1], units_lo: c.units?.[0] ?? null, units_hi: c.units?.[1] ?? null,
  mean_days: c.meanDays, reason: c.reason,
});
const rx = (name: keyof typeof pc.RX) => ({ bnf: pc.RX[name].bnf, dmd: pc.RX[name].dmd, quantity: pc.RX[name].quantity, cost: pc.RX[name].cost });
const hrgBands = (bands: readonly joints.HrgBand[]) => bands.map((b) => ({ hrg: b.hrg, min_cc: b.minCc, cost: b.cost }));

export function referenceMacros(): string[] {
  return [
    // population
    macro('age_pyramid_cum', cumulative(pop.AGE_PYRAMID)),
    macro('female_share', [...pop.FEMALE_SHARE]),
    macro('activity_bands', [...pop.ACTIVITY_BANDS]),
    macro('pathway_bands', [...pop.PATHWAY_BANDS]),
    macro('rates', Object.fromEntries(Object.entries(pop.ACTIVITY_RATES).map(([k, v]) => [k, [...v]]))),
    macro('mh_user_share', [...pop.MH_USER_SHARE]),
    macro('care_user_share', [...pop.SOCIAL_CARE_USER_SHARE]),
    macro('knee_oa_prevalence', [...pop.KNEE_OA_PREVALENCE]),
    macro('hip_oa_prevalence', [...pop.HIP_OA_PREVALENCE]),
    macro('joint_rates', {
      tkr: [...pop.TKR_RATE_PER_1000], thr: [...pop.THR_RATE_PER_1000], revision_ratio: pop.KNEE_REVISION_RATIO,
      staged: pop.STAGED_BILATERAL_SHARE, female: pop.TKR_SEX_FACTOR.female, male: pop.TKR_SEX_FACTOR.male,
    }),
    macro('library_rates', {
      stroke: [...lib.STROKE_RATE_PER_1000], hip_fracture: [...lib.HIP_FRACTURE_RATE_PER_1000], cataract: [...lib.CATARACT_RATE_PER_1000],
      hf_female: lib.HIP_FRACTURE_SEX_FACTOR.female, hf_male: lib.HIP_FRACTURE_SEX_FACTOR.male,
    }),
    macro('library_spells', [lib.LIBRARY_SPELLS.stroke, lib.LIBRARY_SPELLS.hipFracture, lib.LIBRARY_SPELLS.cataract].map((s) => ({
      tfc: s.tfc, method: s.method, mean_los: s.meanLos, dx: s.dx, hrg: s.hrg, cost: s.cost, procs: s.procs ?? [''],
    }))),
    // long-term conditions, by number: 1 type 2 diabetes, 2 COPD
    macro('ltc_care', [
      { tag: 'D', prevalence: [...lib.T2DM_PREVALENCE], codes: lib.T2DM_CARE.codes, reviews: lib.T2DM_CARE.reviewsPerYear, rx: rx('metformin'), extra: lib.T2DM_CARE.podiatryShare },
      { tag: 'C', prevalence: [...lib.COPD_PREVALENCE], codes: lib.COPD_CARE.codes, reviews: lib.COPD_CARE.reviewsPerYear, rx: rx('beclometasoneFormoterol'), extra: lib.COPD_CARE.exacerbationShare },
    ]),
    macro('rehab_contacts', [lib.REHAB_CONTACTS.stroke, lib.REHAB_CONTACTS.hipFracture, 0]),
    macro('demography', {
      birth_rate: pop.BIRTH_RATE, move_in: pop.MOVE_IN_RATE, move_out: pop.MOVE_OUT_RATE, sex_unknown: pop.SEX_UNKNOWN_SHARE,
      q_a: pop.MORTALITY.a, q_b: pop.MORTALITY.b, q_max: pop.MORTALITY.max, q_infant: pop.MORTALITY.infant,
      mh_contacts: pop.MH_CONTACTS_PER_USER_YEAR, care_services: pop.SOCIAL_CARE_SERVICES_PER_USER,
      female_factor: pop.SEX_FACTOR.female, male_factor: pop.SEX_FACTOR.male,
    }),
    // providers
    macro('trust_catchment_cum', cumulative(prov.ACUTE_TRUSTS.map((t) => t.catchment))),
    macro('trust_cost_factor', prov.ACUTE_TRUSTS.map((t) => t.costFactor)),
    macro('trust_los_factor', prov.ACUTE_TRUSTS.map((t) => t.losFactor)),
    macro('trust_mff', prov.ACUTE_TRUSTS.map((t) => t.mff)),
    macro('proms_ref', {
      preop_return: proms.PREOP_RETURN, postop_return: proms.POSTOP_RETURN, preop_days_max: proms.PREOP_DAYS_MAX,
      postop_min: proms.POSTOP_DAYS.min, postop_max: proms.POSTOP_DAYS.max, postop_late: proms.POSTOP_LATE,
      per_imd_decile: proms.CASEMIX_EFFECT.perImdDecile, age80: proms.CASEMIX_EFFECT.age80,
      trust_offset: [...proms.TRUST_OUTCOME_OFFSET], eq5d_per_point: proms.EQ5D_PER_OXFORD_POINT,
      oxford_knee: { ...proms.OXFORD.knee }, oxford_hip: { ...proms.OXFORD.hip }, eq5d_knee: { ...proms.EQ5D.knee }, eq5d_hip: { ...proms.EQ5D.hip },
    }),
    macro('provider_mff', prov.PROVIDER_MFF.map((p) => ({ code: p.code, mff: p.mff, source: prov.MFF_SOURCE }))),
    macro('elective_trusts', aliasList(prov.ACUTE_TRUSTS.map((t) => ({ value: t.code, weight: t.electiveWeight })))),
    macro('ra2_draw', prov.RA2_DRAW),
    macro('cost_supply', prov.COST_SUPPLY as unknown as Literal),
    macro('ledger_orgs', [
      ...prov.ACUTE_TRUSTS.map((t) => ({ code: t.code, lines: prov.LEDGER_LINES.acute })),
      ...prov.COMMUNITY_PROVIDERS.map((c) => ({ code: c.code, lines: prov.LEDGER_LINES.community })),
      { code: prov.MENTAL_HEALTH_PROVIDER, lines: prov.LEDGER_LINES.mentalHealth },
    ]),
    macro('catchments', {
      community_first: prov.COMMUNITY_PROVIDERS[0].catchment, la_first: prov.LOCAL_AUTHORITIES[0].catchment,
      per_practice: prov.PATIENTS_PER_PRACTICE, per_lsoa: prov.PEOPLE_PER_LSOA, first_lsoa: prov.FIRST_LSOA,
    }),
    // admitted care
    macro('emergency_items', hosp.EMERGENCY_ITEMS.map(apcItem)),
    macro('elective_items', hosp.ELECTIVE_ITEMS.map(apcItem)),
    macro('emergency_mix', apcMixes(hosp.EMERGENCY_ITEMS)),
    macro('elective_mix', apcMixes(hosp.ELECTIVE_ITEMS)),
    macro('comorbidities', [...hosp.COMORBIDITIES]),
    macro('discharge_destinations', aliasList(hosp.DISCHARGE_DESTINATIONS)),
    macro('emergency_methods', aliasList(hosp.EMERGENCY_METHODS)),
    macro('elective_methods', aliasList(hosp.ELECTIVE_METHODS)),
    macro('split_surgical', hosp.SPLIT_SURGICAL),
    macro('split_medical', hosp.SPLIT_MEDICAL),
    // joints
    macro('tkr_primary', aliasList(joints.TKR_PRIMARY)),
    macro('tkr_revision', aliasList(joints.TKR_REVISION)),
    macro('thr_primary', aliasList(joints.THR_PRIMARY)),
    macro('laterality', [...joints.LATERALITY]),
    macro('bilateral_code', joints.BILATERAL),
    macro('same_spell_bilateral', joints.SAME_SPELL_BILATERAL),
    macro('in_spell_exclusion_share', joints.IN_SPELL_EXCLUSION_DX.share),
    macro('in_spell_exclusion_dx', aliasList(joints.IN_SPELL_EXCLUSION_DX.codes)),
    macro('knee_oa_dx', aliasList(joints.KNEE_OA_DX)),
    macro('hip_oa_dx', aliasList(joints.HIP_OA_DX)),
    macro('revision_dx', aliasList(joints.REVISION_DX)),
    macro('hn22', hrgBands(joints.HN22)),
    macro('hn12', hrgBands(joints.HN12)),
    macro('hn81', hrgBands(joints.HN81)),
    ...weightedItems('readmission_reason', [joints.READMISSION_REASONS]),
    macro('post_op_ae', {
      ...joints.POST_OP_AE,
      hrgs: joints.POST_OP_AE.hrgs.map((hrg) => ({ hrg, cost: opd.AE_HRG.find((h) => h.value.hrg === hrg)!.value.cost })),
    }),
    macro('joint_los', { base: joints.JOINT_LOS.base, per_cc: joints.JOINT_LOS.perCc, lo: joints.JOINT_LOS.min, hi: joints.JOINT_LOS.max,
      revision_extra: joints.JOINT_LOS.revisionExtra, revision_hi: joints.JOINT_LOS.revisionMax }),
    macro('pathway_shares', {
      readmission: joints.PATHWAY_SHARES.readmission, ae: joints.PATHWAY_SHARES.ae, reablement: [...joints.PATHWAY_SHARES.reablement],
      home_care: [...joints.PATHWAY_SHARES.homeCare], death90: joints.PATHWAY_SHARES.death90, move90: joints.PATHWAY_SHARES.move90,
      mri: joints.PATHWAY_SHARES.mri, year_review: joints.PATHWAY_SHARES.yearReview, ot: joints.PATHWAY_SHARES.ot,
    }),
    // outpatients and A&E
    macro('op_tfc', bySexAndGroup((g, s) => opd.OP_TFC[g].filter((t) => !t.sex || t.sex === s))),
    macro('op_first_share', opd.OP_FIRST_SHARE),
    macro('op_status', aliasList(opd.OP_STATUS)),
    ...weightedItems('op_first', [opd.OP_ATTENDANCE.first.map((h) => ({ value: { hrg: h.hrg, cost: h.cost }, weight: h.weight }))]),
    ...weightedItems('op_follow_up', [opd.OP_ATTENDANCE.followUp.map((h) => ({ value: { hrg: h.hrg, cost: h.cost }, weight: h.weight }))]),
    macro('op_costs', Object.fromEntries([...opd.OP_ATTENDANCE.first, ...opd.OP_ATTENDANCE.followUp].map((h) => [h.hrg.toLowerCase(), h.cost]))),
    macro('op_procedure_share', opd.OP_PROCEDURE_SHARE),
    macro('op_procedures', opd.OP_PROCEDURES.map((p) => ({ ...p }))),
    macro('imaging', { plain_film_cost: opd.IMAGING.plainFilmCost, mri_hrg: opd.IMAGING.mri.hrg, mri_cost: opd.IMAGING.mri.cost, mri_share: opd.IMAGING.mriShare }),
    ...weightedItems('ae_hrg_item', [opd.AE_HRG]),
    macro('ae_diagnoses', aliasList(opd.AE_DIAGNOSES)),
    macro('ae_hours', aliasList(opd.AE_ARRIVAL_HOURS.map((w, h) => ({ value: h, weight: w })))),
    macro('ae_mean_minutes', opd.AE_MEAN_MINUTES),
    // primary care and prescribing
    ...weightedItems('gp_role', [pc.GP_ROLES.map((r) => ({ value: { role: r.value.role, minutes: r.value.minutes, cost_per_10: r.value.costPer10 }, weight: r.weight }))]),
    macro('gp_modes', aliasList(pc.GP_MODES)),
    macro('gp_status', aliasList(pc.GP_STATUS)),
    macro('gp_snomed', groupedAlias(GROUPS.map((g) => pc.GP_SNOMED[g]))),
    macro('gp_coding', { uncoded: pc.GP_UNCODED_SHARE, oa: pc.GP_OA_CODED_SHARE }),
    macro('snomed', pc.SNOMED),
    ...weightedItems('rx_item', GROUPS.map((g) => pc.RX_MIX[g].map((m) => ({ value: rx(m.value), weight: m.weight })))),
    macro('rx_before', pc.RX_PATHWAY.before.map(rx)),
    macro('rx_after', pc.RX_PATHWAY.after.map(rx)),
    // community, mental health, social care
    ...weightedItems('community_service', GROUPS.map((g) => comm.COMMUNITY_MIX[g].map((m) => ({ value: svc(comm.COMMUNITY_SERVICES[m.value]), weight: m.weight })))),
    macro('community_services', Object.fromEntries(Object.entries(comm.COMMUNITY_SERVICES).map(([k, s]) => [k, svc(s)]))),
    macro('contact_status', aliasList(comm.CONTACT_STATUS)),
    macro('remote_modes', aliasList(comm.REMOTE_MODES)),
    ...weightedItems('mh_service', GROUPS.map((g) => comm.MH_MIX[g].map((m) => ({ value: svc(comm.MH_SERVICES[m.value]), weight: m.weight })))),
    macro('mh_status', aliasList(comm.MH_STATUS)),
    ...weightedItems('care_service', (['adult', 'older'] as const).map((g) => comm.CARE_MIX[g].map((m) => ({ value: care(comm.CARE_SERVICES[m.value]), weight: m.weight })))),
    macro('care_services', Object.fromEntries(Object.entries(comm.CARE_SERVICES).map(([k, c]) => [k, care(c)]))),
    macro('reablement_weekly', { cost_lo: comm.REABLEMENT_WEEKLY.cost[0], cost_hi: comm.REABLEMENT_WEEKLY.cost[1],
      weeks_lo: comm.REABLEMENT_WEEKLY.weeks[0], weeks_hi: comm.REABLEMENT_WEEKLY.weeks[1], weekly_share: comm.REABLEMENT_WEEKLY.weeklyShare }),
  ];
}
