// Stage 4 — pricing. A fresh in-memory DuckDB per test; rows inserted straight into activity_normalised.
// Every expected pound is worked by hand from the source figure (file and row named), never read back
// from the engine's own reference tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTableSql, duckdbType } from '../../schemas/define.ts';
import { ProviderMff } from '../../schemas/feeds/index.ts';
import { Activity } from '../../schemas/tables/activity.ts';
import { Quarantine } from '../../schemas/tables/quarantine.ts';
import { Db, quoteIdent } from '../../engine/db.ts';
import { stageTable } from '../../engine/stage-table.ts';
import { ActivityNormalised, DataCutoff, type NormalisedActivity, QuarantinedNormalised } from '../../engine/stages/03-normalise/index.ts';
import { type PriceOptions, priceActivities } from '../../engine/stages/04-price/index.ts';

type Row = Record<string, string | number | null>;

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(createTableSql(ActivityNormalised));
  await db.run(createTableSql(QuarantinedNormalised));
  await db.run(createTableSql(Quarantine, 'quarantine_checked'));
  await db.run(`create table checked_provider_mff (provider_code varchar, mff_index double, source varchar, reason varchar)`);
});

/**
 * Stage 4 over the rows inserted into activity_normalised, at the data cut-off `cutoff`: stage 3's record for them
 * (every read of normalised rows reads that table; no quarantined rows, no MFF).
 */
async function priceAt(cutoff: string, options: PriceOptions = {}): Promise<void> {
  await db.run(createTableSql(DataCutoff));
  await db.run(`insert into data_cutoff values ($cutoff::date)`, { cutoff });
  const all = stageTable(ActivityNormalised.name, ActivityNormalised);
  const normalised: NormalisedActivity = {
    all, noProvider: all, quarantined: stageTable(QuarantinedNormalised.name, QuarantinedNormalised), cutoff: stageTable(DataCutoff.name, DataCutoff),
    ofPatients: (patients) => `select * from activity_normalised where patient_id in (select patient_id from ${quoteIdent(patients.name)})`,
  };
  await priceActivities(db, { normalised, quarantine: stageTable('quarantine_checked', Quarantine), providerMff: stageTable('checked_provider_mff', ProviderMff) }, options);
}
afterEach(() => db.close());

let next = 0;
/** Insert one normalised row; the required columns get harmless defaults. */
async function insert(row: Row): Promise<string> {
  const id = String(row.source_id ?? `r${++next}`);
  const full: Row = { source_row: 1, patient_id: 'P1', provider_code: 'RXX', end_date: row.start_date ?? null, ...row, source_id: id };
  const names = Object.keys(full);
  const select = names.map((n) => `cast($${n} as ${duckdbType(ActivityNormalised.columns[n])}) as ${quoteIdent(n)}`).join(', ');
  await db.run(`insert into activity_normalised by name select ${select}`, full);
  return id;
}

const spell = (row: Row): Row => ({ feed: 'apc_spells', setting: 'acute', activity_type: 'apc_elective', admission_method: '11', ...row });

async function price(options: { priceYear?: string } = {}) {
  await priceAt('2025-03-31', options);
}

interface Priced {
  cost_gbp: string;
  nominal_cost_gbp: string;
  standardised_cost_gbp: string;
  cost_basis: string;
  price_year: string | null;
  price_source: string | null;
  price_ref: string | null;
  adjustment: string | null;
  units: number;
  unit: string;
  cost_staff: string | null;
  cost_overheads: string | null;
}
async function get(id: string): Promise<Priced> {
  return db.one<Priced>(`select * from activity where source_id = $id`, { id });
}

/** Money as DuckDB returns DECIMAL(18,2): a string with two decimals. */
const gbp = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

// Source figures (reference/ncc_unit_costs.csv keeps the published text).
const HN22E_EI_2425 = 8104.5022927769; // ncc_2024_25.csv row 3984: Elective Inpatients, HN22E
const HN22E_EI_2324 = 8037.5662; // ncc_2023_24.csv row 3525: Elective Inpatients, HN22E
const HN23C_DC_2425 = 4169.41544067605; // ncc_2024_25.csv row 1309: Daycase, HN23C
const HN22A_DC_2425 = 4629.96467737278; // ncc_2024_25.csv row 1302: Daycase, HN22A (no 2023/24 day-case row)
const HN22E_NES_2425 = 7487.47032568031; // ncc_2024_25.csv row 9174: Non-Elective Inpatient - Short Stay, HN22E
const WF01A_CL_2324 = 192.2812; // ncc_2023_24.csv row 189: Consultant Led, WF01A (no 2024/25 row)
const WF01C_CL_2324 = 153.8448; // ncc_2023_24.csv row 191: Consultant Led, WF01C non-face-to-face follow-up
const WF01D_CL_2324 = 167.6147; // ncc_2023_24.csv row 192: Consultant Led, WF01D non-face-to-face first
const RD01A_DI_2324 = 161.6492; // ncc_2023_24.csv row 2182: Diagnostic Imaging, RD01A MRI of one area
const RD01A_DI_2425 = 190.826088111708; // ncc_2024_25.csv row 2549: Diagnostic Imaging, RD01A
const PF_DADS_2425 = 45.301065176963; // ncc_2024_25.csv row 2636: Directly Accessed Diagnostic Services, PF plain film
const HN26A_OPP_2425 = 221.527596908662; // ncc_2024_25.csv row 10955: Outpatient Procedures, HN26A
const A08A1_CHS_2425 = 79.0565097781107; // ncc_2024_25.csv row 52: Community Health Service, A08A1
const Z01_MHCC_2425 = 278.783702462507; // ncc_2024_25.csv row 5430: Mental Health Care Contact, Z01
const BAND6_HCP_2025_ED = 60; // unit_costs_hsc_community_hcp.csv: 2025 edition, Band 6, cost per working hour
const GP_MINUTE_2024_ED = 4.05; // unit_costs_hsc_gp.csv row 51: 2024 edition, per minute of patient contact, incl. qualifications, excl. direct-care staff
const NURSE_CONTACT_HOUR_2024_ED = 68.9; // unit_costs_hsc_gp_nurse.csv row 25: 2024 edition, practice nurse per working hour incl. qualifications and the direct:indirect ratio
const NHSCII_2023_24 = 4.31; // nhs_inflation_index_pssru2024.csv, year 2023, pay&prices (%); carried forward to 2024/25 (extrapolated)

describe('acute spells', () => {
  it('prices an uncosted elective spell at the NCC unit cost of its own financial year', async () => {
    // admitted 10 June 2024 (2024/25), 3 nights
    const id = await insert(spell({ start_date: '2024-06-10', end_date: '2024-06-13', hrg: 'HN22E' }));
    await price();
    const row = await get(id);
    expect(row.cost_basis).toBe('national_unit_cost');
    expect(row.cost_gbp).toBe(gbp(HN22E_EI_2425)); // £8,104.50
    expect(row.cost_gbp).toBe('8104.50');
    expect(row.nominal_cost_gbp).toBe('8104.50');
    expect(row.standardised_cost_gbp).toBe('8104.50');
    expect(row.price_year).toBe('2024/25');
    expect(row.price_source).toBe('ncc_2024_25.csv');
    expect(row.price_ref).toBe('Elective Inpatients|HN22E');
    expect(row.adjustment).toBeNull();
    expect([row.units, row.unit]).toEqual([3, 'bed_days']);
  });

  it('prices a spell in the financial year it ended, as the National Cost Collection counts it', async () => {
    const within = await insert(spell({ start_date: '2024-03-20', end_date: '2024-03-23', hrg: 'HN22E' }));
    // admitted 31 March 2024 (2023/24), discharged 2 April 2024: a 2024/25 spell
    const across = await insert(spell({ start_date: '2024-03-31', end_date: '2024-04-02', hrg: 'HN22E' }));
    // a follow-up on 31 March stays in the year it took place
    const followUp = await insert({ feed: 'op_attendances', setting: 'acute', activity_type: 'op_follow_up', start_date: '2024-03-31', end_date: '2024-03-31', hrg: 'WF01A', tfc: '110' });
    await price();
    expect([(await get(within)).cost_gbp, (await get(within)).price_year]).toEqual([gbp(HN22E_EI_2324), '2023/24']); // £8,037.57
    const row = await get(across);
    expect([row.cost_gbp, row.price_year, row.price_source]).toEqual([gbp(HN22E_EI_2425), '2024/25', 'ncc_2024_25.csv']); // £8,104.50
    expect([row.units, row.unit]).toEqual([2, 'bed_days']);
    expect((await get(followUp)).price_year).toBe('2023/24');
  });

  it('prices a same-day elective spell as a day case, one bed day', async () => {
    const id = await insert(spell({ start_date: '2024-07-01', hrg: 'HN23C' }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp]).toEqual(['Daycase|HN23C', gbp(HN23C_DC_2425)]); // £4,169.42
    expect([row.units, row.unit]).toEqual([1, 'bed_days']);
  });

  it('keeps a PLICS cost and its split; the standardised view is the national price', async () => {
    const id = await insert(
      spell({ start_date: '2024-06-10', end_date: '2024-06-13', hrg: 'HN22E', supplied_cost_gbp: 9500, tariff_gbp: 7000, cost_staff: 4000, cost_overheads: 1900 }),
    );
    await price();
    const row = await get(id);
    expect(row.cost_basis).toBe('plics_actual');
    expect([row.cost_gbp, row.nominal_cost_gbp]).toEqual(['9500.00', '9500.00']);
    expect([row.cost_staff, row.cost_overheads]).toEqual(['4000.00', '1900.00']);
    expect([row.price_source, row.price_ref, row.price_year]).toEqual(['apc_spells', 'supplied_cost_gbp', '2024/25']);
    expect(row.standardised_cost_gbp).toBe(gbp(HN22E_EI_2425));
  });

  it('prices a tariff-only spell at its tariff', async () => {
    const id = await insert(spell({ start_date: '2024-06-10', end_date: '2024-06-13', hrg: 'HN22E', tariff_gbp: 7123.45 }));
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.cost_gbp, row.price_ref]).toEqual(['tariff', '7123.45', 'tariff_gbp']);
    expect(row.standardised_cost_gbp).toBe('8104.50');
  });

  it('leaves an unknown HRG unpriced at £0, counted, saying why', async () => {
    const id = await insert(spell({ start_date: '2024-06-10', end_date: '2024-06-12', hrg: 'ZZ99Z' }));
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.cost_gbp, row.standardised_cost_gbp]).toEqual(['unpriced', '0.00', '0.00']);
    expect(row.price_ref).toBe('unpriced: no NCC unit cost for Elective Inpatients|ZZ99Z');
    const { n } = await db.one<{ n: number }>(`select count(*)::int as n from activity where cost_basis = 'unpriced'`);
    expect(n).toBe(1);
  });

  it('prices a non-elective spell of one night at the short-stay price', async () => {
    const id = await insert(spell({ activity_type: 'apc_emergency', admission_method: '21', start_date: '2024-06-10', end_date: '2024-06-11', hrg: 'HN22E' }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp]).toEqual(['Non-Elective Inpatient - Short Stay|HN22E', gbp(HN22E_NES_2425)]); // £7,487.47
  });

  it('prices a spell after the newest schedule at that schedule, unrestated, and says why', async () => {
    // 2025/26 is beyond the index (2024/25 is its last, extrapolated, year): NCC 2024/25 as published
    const id = await insert(spell({ start_date: '2025-04-02', end_date: '2025-04-05', hrg: 'HN22E' }));
    await priceAt('2025-04-30');
    const row = await get(id);
    expect([row.cost_gbp, row.price_year]).toEqual([gbp(HN22E_EI_2425), '2024/25']);
    expect(row.adjustment).toBe('NCC 2024/25 not restated: no NHSCII index for 2025/26');
  });

  it('prefers the right department in another year over a fallback department in the same year', async () => {
    // a 2023/24 day case of HN22A: no 2023/24 day-case price, so the 2024/25 day-case price deflated by
    // the index (£4,629.9647 ÷ 1.0431 = £4,438.66), not the 2023/24 elective inpatient price (£12,629.02)
    const id = await insert(spell({ start_date: '2023-09-01', hrg: 'HN22A' }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.price_year]).toEqual(['Daycase|HN22A', '2023/24']);
    expect(row.cost_gbp).toBe(gbp(HN22A_DC_2425 / (1 + NHSCII_2023_24 / 100)));
    expect(row.adjustment).toBe('NCC 2024/25→2023/24 ×0.9587 (NHSCII extrapolated)');
  });
});

describe('outpatients and A&E', () => {
  const op = (row: Row): Row => ({ feed: 'op_attendances', setting: 'acute', activity_type: 'op_follow_up', status: 'attended', first_attendance: '2', ...row });

  it('prices a procedure HRG at Outpatient Procedures', async () => {
    const id = await insert(op({ start_date: '2024-05-01', hrg: 'HN26A' }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp, row.unit, row.units]).toEqual(['Outpatient Procedures|HN26A', gbp(HN26A_OPP_2425), 'attendances', 1]);
  });

  it('falls back to the 2023/24 consultant-led attendance, restated to 2024/25, saying what it assumed', async () => {
    const id = await insert(op({ start_date: '2024-05-01', hrg: null }));
    await price();
    const row = await get(id);
    // £192.2812 × 1.0431 = £200.5705… (2024/25 rate extrapolated from the 2023/24 rate)
    expect(row.cost_gbp).toBe(gbp(WF01A_CL_2324 * (1 + NHSCII_2023_24 / 100)));
    expect(row.cost_gbp).toBe('200.57');
    expect([row.price_ref, row.price_year]).toEqual(['Consultant Led|WF01A', '2024/25']);
    expect(row.adjustment).toBe(
      'fallback rule 5: Outpatient Procedures|(no HRG) has no price; consultant-led face-to-face follow-up attendance assumed (WF01A, all specialties); NCC 2023/24→2024/25 ×1.0431 (NHSCII extrapolated)',
    );
  });

  it('prices an MRI outpatient row at the Diagnostic Imaging schedule, not as a consultant attendance', async () => {
    // TFC 812 (diagnostic imaging), HRG RD01A, 2023/24: £161.6492 → £161.65 (not WF01B's £232.07)
    const mri = await insert(op({ activity_type: 'op_first', first_attendance: '1', tfc: '812', start_date: '2023-11-01', hrg: 'RD01A' }));
    // the same scan recorded under the referring specialty (TFC 110), 2024/25: £190.83
    const underTo = await insert(op({ tfc: '110', start_date: '2024-06-01', hrg: 'RD01A' }));
    await price();
    const row = await get(mri);
    expect([row.cost_basis, row.price_ref, row.cost_gbp, row.price_year]).toEqual(['national_unit_cost', 'Diagnostic Imaging|RD01A', gbp(RD01A_DI_2324), '2023/24']);
    expect(row.cost_gbp).toBe('161.65');
    expect([row.price_source, row.adjustment, row.units, row.unit]).toEqual(['ncc_2023_24.csv', null, 1, 'attendances']);
    const other = await get(underTo);
    expect([other.price_ref, other.cost_gbp]).toEqual(['Diagnostic Imaging|RD01A', gbp(RD01A_DI_2425)]);
  });

  it('prices imaging with no HRG as one directly accessed plain film, and says it assumed so', async () => {
    const id = await insert(op({ activity_type: 'op_first', first_attendance: '1', tfc: '812', start_date: '2024-06-01', hrg: null }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp, row.price_source]).toEqual(['Directly Accessed Diagnostic Services|PF', gbp(PF_DADS_2425), 'ncc_2024_25.csv']); // £45.30
    expect(row.adjustment).toBe(
      'fallback rule 5: Diagnostic Imaging|(no HRG) has no price; one plain film assumed (imaging without an HRG; directly accessed plain film cost)',
    );
  });

  it('prices a telephone follow-up at WF01C and a video first attendance at WF01D', async () => {
    // 2023/24 appointments: the 2023/24 schedule as published, no restatement
    const phone = await insert(op({ start_date: '2023-10-02', hrg: null, mode: 'telephone' }));
    const video = await insert(op({ activity_type: 'op_first', first_attendance: '1', start_date: '2023-10-02', hrg: null, mode: 'video' }));
    const faceToFace = await insert(op({ start_date: '2023-10-02', hrg: null, mode: 'face_to_face' }));
    await price();
    const p = await get(phone);
    expect([p.price_ref, p.cost_gbp]).toEqual(['Consultant Led|WF01C', gbp(WF01C_CL_2324)]); // £153.84
    expect(p.cost_gbp).toBe('153.84');
    expect(p.adjustment).toContain('consultant-led non-face-to-face follow-up attendance assumed (WF01C, all specialties)');
    expect([(await get(video)).price_ref, (await get(video)).cost_gbp]).toEqual(['Consultant Led|WF01D', gbp(WF01D_CL_2324)]); // £167.61
    expect([(await get(faceToFace)).price_ref, (await get(faceToFace)).cost_gbp]).toEqual(['Consultant Led|WF01A', gbp(WF01A_CL_2324)]); // £192.28
  });

  it('keeps a recorded attendance HRG over the consultation medium', async () => {
    // WF01C recorded, medium not recorded: the grouper already said non-face-to-face
    const id = await insert(op({ start_date: '2023-10-02', hrg: 'WF01C' }));
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp, row.adjustment]).toEqual(['Consultant Led|WF01C', gbp(WF01C_CL_2324), 'fallback rule 4: Outpatient Procedures|WF01C has no price']);
  });

  it('costs a DNA £0 with basis not_attended, counted, no units', async () => {
    const id = await insert(op({ start_date: '2024-05-01', hrg: 'HN26A', status: 'dna' }));
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.cost_gbp, row.standardised_cost_gbp, row.units]).toEqual(['not_attended', '0.00', '0.00', 0]);
    expect(row.price_ref).toBe('status=dna');
  });
});

describe('staff time, community and social care', () => {
  it('prices a GP appointment by minutes at the PSSRU GP cost per minute excluding direct-care staff', async () => {
    // 12 minutes (stage 3's choice of actual or planned: test/engine/price-feeds.test.ts).
    // 2023/24 appointment → 2024 edition (2023/24 prices): £4.05 per minute of patient contact; 12 × £4.05 = £48.60
    const id = await insert({ feed: 'gp_appointments', setting: 'primary', activity_type: 'gp_appointment', start_date: '2023-11-15', staff_role: 'GP', status: 'attended', minutes: 12 });
    await price();
    const row = await get(id);
    expect(row.cost_gbp).toBe(gbp(12 * GP_MINUTE_2024_ED));
    expect(row.cost_gbp).toBe('48.60');
    expect([row.cost_basis, row.price_ref, row.price_year]).toEqual(['staff_time', 'primary|gp', '2023/24']);
    expect(row.price_source).toBe('unit_costs_hsc_gp.csv (PSSRU 2024)');
    expect([row.units, row.unit]).toEqual([12, 'gp_minutes']);
  });

  it('assumes 10 minutes when none are recorded', async () => {
    const id = await insert({ feed: 'gp_appointments', setting: 'primary', activity_type: 'gp_appointment', start_date: '2023-11-15', staff_role: 'GP', status: 'attended', minutes: null });
    await price();
    const row = await get(id);
    expect(row.cost_gbp).toBe(gbp(10 * GP_MINUTE_2024_ED)); // 10 × £4.05 = £40.50
    expect(row.adjustment).toBe('no minutes recorded: 10 assumed');
  });

  it('prices a practice nurse per hour of patient contact', async () => {
    // 2023/24 → 2024 edition: £68.90 per patient-contact hour; 20 minutes = £68.90 × 20/60 = £22.97
    const id = await insert({ feed: 'gp_appointments', setting: 'primary', activity_type: 'gp_appointment', start_date: '2023-11-15', staff_role: 'NURSE', status: 'attended', minutes: 20 });
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.price_ref, row.cost_gbp]).toEqual(['staff_time', 'primary|nurse', gbp((NURSE_CONTACT_HOUR_2024_ED * 20) / 60)]);
    expect(row.cost_gbp).toBe('22.97');
    expect([row.units, row.unit]).toEqual([20, 'staff_minutes']);
  });

  it('prices a community physiotherapy contact at its NCC currency, one contact', async () => {
    const id = await insert({ feed: 'community_contacts', setting: 'community', activity_type: 'community_contact', start_date: '2024-05-01', service_type: 'PHYSIOTHERAPY', staff_role: 'PHYSIOTHERAPIST', status: 'attended', minutes: 40 });
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp, row.unit, row.units]).toEqual(['Community Health Service|A08A1', gbp(A08A1_CHS_2425), 'contacts', 1]);
  });

  it('prices a contact with no NCC currency by minutes, with the default role of its staff group', async () => {
    // 2024/25 → 2025 edition: band 6 £60 per working hour = £1.00/min; 30 × £1.00 = £30.00
    const id = await insert({ feed: 'community_contacts', setting: 'community', activity_type: 'community_contact', start_date: '2024-05-01', service_type: 'OTHER', staff_role: 'WELLBEING_COACH', status: 'attended', minutes: 30 });
    const none = await insert({ feed: 'community_contacts', setting: 'community', activity_type: 'community_contact', start_date: '2024-05-01', service_type: 'OTHER', status: 'attended', minutes: null });
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.price_ref, row.cost_gbp]).toEqual(['staff_time', 'community|*', gbp(30 * (BAND6_HCP_2025_ED / 60))]);
    const unpriced = await get(none);
    expect([unpriced.cost_basis, unpriced.price_ref]).toEqual(['unpriced', 'unpriced: no NCC currency for community_contact|other and no minutes recorded']);
  });

  it('prices a mental health service the map does not list at its catch-all currency', async () => {
    const id = await insert({ feed: 'mental_health_contacts', setting: 'mental_health', activity_type: 'mental_health_contact', start_date: '2024-05-01', service_type: 'PERINATAL', status: 'attended', minutes: 50 });
    await price();
    const row = await get(id);
    expect([row.price_ref, row.cost_gbp, row.unit]).toEqual(['Mental Health Care Contact|Z01', gbp(Z01_MHCC_2425), 'contacts']); // £278.78
  });

  it('prorates a weekly home care package by days', async () => {
    // £350 a week from 1 to 14 April 2024: 14 days, both counted → £350 × 14/7 = £700.00
    const row = { feed: 'social_care_services', setting: 'social_care', activity_type: 'social_care_service', service_type: 'HOME_CARE', provider_code: 'E08000001' };
    const id = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-14', unit_cost_gbp: 350, cost_frequency: 'week' });
    // £20 an hour, 10 hours a week, 1 to 21 April: £20 × 10 × 21/7 = £600.00
    const hourly = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-21', unit_cost_gbp: 20, cost_frequency: 'hour', planned_units_per_week: 10 });
    // ongoing past the cut-off (31 March 2025): £100 a day from 30 March → 2 days = £200.00
    const ongoing = await insert({ ...row, start_date: '2025-03-30', end_date: '2025-05-01', unit_cost_gbp: 100, cost_frequency: 'day' });
    await price();
    const weekly = await get(id);
    expect([weekly.cost_basis, weekly.cost_gbp, weekly.units, weekly.unit]).toEqual(['la_unit_cost', gbp((350 * 14) / 7), 2, 'weeks']);
    expect(weekly.adjustment).toBe('prorated over 14 days (×14/7)');
    const h = await get(hourly);
    expect([h.cost_gbp, h.units, h.unit]).toEqual([gbp((20 * 10 * 21) / 7), 30, 'care_hours']);
    expect((await get(ongoing)).cost_gbp).toBe(gbp(100 * 2));
  });

  it('prorates a cost per fortnight, four weeks, month, quarter or year by the days the service ran (ASC CLD frequencies)', async () => {
    // Before, only hour, day, week and one_off could be loaded: these rows were quarantined with no cost.
    const row = { feed: 'social_care_services', setting: 'social_care', activity_type: 'social_care_service', service_type: 'RESIDENTIAL', provider_code: 'E08000001' };
    const april = { ...row, start_date: '2024-04-01', end_date: '2024-04-28' }; // 28 days, four weeks
    const ids = {
      fortnight: await insert({ ...april, unit_cost_gbp: 2000, cost_frequency: 'fortnight' }), // £2,000 × 28/14 = £4,000.00
      four_weeks: await insert({ ...april, unit_cost_gbp: 3900, cost_frequency: 'four_weeks' }), // £3,900 × 28/28 = £3,900.00
      month: await insert({ ...april, unit_cost_gbp: 4200, cost_frequency: 'month' }), // £4,200 × 28/30.4375 = £3,863.66
      quarter: await insert({ ...april, unit_cost_gbp: 12600, cost_frequency: 'quarter' }), // £12,600 × 28/91.3125 = £3,863.66
      year: await insert({ ...april, unit_cost_gbp: 50400, cost_frequency: 'year' }), // £50,400 × 28/365.25 = £3,863.66
    };
    await price();
    const got = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([f, id]) => [f, await get(id)] as const)));
    expect(Object.fromEntries(Object.entries(got).map(([f, r]) => [f, [r.cost_basis, r.cost_gbp, r.units, r.unit]]))).toEqual({
      fortnight: ['la_unit_cost', '4000.00', 4, 'weeks'],
      four_weeks: ['la_unit_cost', '3900.00', 4, 'weeks'],
      month: ['la_unit_cost', '3863.66', 4, 'weeks'],
      quarter: ['la_unit_cost', '3863.66', 4, 'weeks'],
      year: ['la_unit_cost', '3863.66', 4, 'weeks'],
    });
    expect(got.month.adjustment).toBe('prorated over 28 days (×28/30.4375)');
  });

  it('prices day care on its planned days a week, not every calendar day', async () => {
    const row = { feed: 'social_care_services', setting: 'social_care', activity_type: 'social_care_service', service_type: 'DAY_CARE', provider_code: 'E08000001' };
    // £70 a day, 2 days a week, 1 to 28 April 2024 (4 weeks): £70 × 2 × 28/7 = £560.00 for 8 days (it was £1,960, 28)
    const planned = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-28', unit_cost_gbp: 70, cost_frequency: 'day', planned_units_per_week: 2 });
    // no days planned: every day of the period, £70 × 7 = £490.00 for 7 days
    const unplanned = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-07', unit_cost_gbp: 70, cost_frequency: 'day' });
    // 40 "days" a week (hours typed as days): a week has seven, £70 × 7 = £490.00 for 7 days, not £2,800
    const overPlanned = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-07', unit_cost_gbp: 70, cost_frequency: 'day', planned_units_per_week: 40 });
    // none of them this week (0 planned): £0 for 0 days
    const nonePlanned = await insert({ ...row, start_date: '2024-04-01', end_date: '2024-04-07', unit_cost_gbp: 70, cost_frequency: 'day', planned_units_per_week: 0 });
    await price();
    const p = await get(planned);
    expect([p.cost_basis, p.cost_gbp, p.units, p.unit, p.adjustment]).toEqual(['la_unit_cost', '560.00', 8, 'care_days', 'prorated over 28 days (2.0 days/week ×28/7)']);
    const u = await get(unplanned);
    expect([u.cost_gbp, u.units, u.unit]).toEqual(['490.00', 7, 'care_days']);
    const o = await get(overPlanned);
    expect([o.cost_gbp, o.units, o.adjustment]).toEqual(['490.00', 7, 'prorated over 7 days (40.0 days/week ×7/7), planned days capped at 7 a week']);
    expect([(await get(nonePlanned)).cost_gbp, (await get(nonePlanned)).units]).toEqual(['0.00', 0]);
  });

  it('keeps a prescription item at its actual cost', async () => {
    const id = await insert({ feed: 'prescriptions', setting: 'prescribing', activity_type: 'prescription', start_date: '2024-05-01', supplied_cost_gbp: 3.21, quantity: 28 });
    await price();
    const row = await get(id);
    expect([row.cost_basis, row.cost_gbp, row.standardised_cost_gbp, row.units, row.unit]).toEqual(['supplied', '3.21', '3.21', 1, 'items']);
  });
});

describe('restatement to a common price year', () => {
  it('restates every row with the NHS cost inflation index and keeps the nominal cost', async () => {
    // tariff paid in 2023/24, restated to 2024/25: £7,000 × 1.0431 = £7,301.70
    const tariff = await insert(spell({ start_date: '2023-07-01', end_date: '2023-07-04', hrg: 'HN22E', tariff_gbp: 7000 }));
    // 2022/23 tariff to 2024/25: £1,000 × 1.0431 (2023/24) × 1.0431 (2024/25) = £1,088.06
    const older = await insert(spell({ start_date: '2022-07-01', end_date: '2022-07-04', hrg: 'HN22E', tariff_gbp: 1000 }));
    await price({ priceYear: '2024/25' });
    const row = await get(tariff);
    expect([row.nominal_cost_gbp, row.price_year]).toEqual(['7000.00', '2023/24']);
    expect(row.cost_gbp).toBe(gbp(7000 * (1 + NHSCII_2023_24 / 100)));
    expect(row.cost_gbp).toBe('7301.70');
    expect(row.adjustment).toBe('restated 2023/24→2024/25 ×1.0431 (NHSCII extrapolated)');
    // the standardised view is restated too: HN22E 2023/24 £8,037.5662 × 1.0431 = £8,384.18
    expect(row.standardised_cost_gbp).toBe(gbp(HN22E_EI_2324 * 1.0431));
    expect((await get(older)).cost_gbp).toBe(gbp(1000 * 1.0431 * 1.0431));
  });

  it('leaves a council\'s care cost and a drug\'s price in their own year, saying why (the index measures NHS pay and prices)', async () => {
    // a pricing review: £1,443.84 of home care became £1,506.07 and a £67.02 item £69.91 by the NHS index
    const care = await insert({ feed: 'social_care_services', setting: 'social_care', activity_type: 'social_care_service', service_type: 'HOME_CARE', provider_code: 'E08000001',
      start_date: '2023-06-01', end_date: '2023-06-14', unit_cost_gbp: 350, cost_frequency: 'week' });
    const item = await insert({ feed: 'prescriptions', setting: 'prescribing', activity_type: 'prescription', start_date: '2023-06-01', supplied_cost_gbp: 67.02, quantity: 28 });
    await price({ priceYear: '2024/25' });
    const c = await get(care);
    expect([c.cost_gbp, c.nominal_cost_gbp, c.price_year]).toEqual(['700.00', '700.00', '2023/24']);
    expect(c.adjustment).toBe("prorated over 14 days (×14/7); not restated to 2024/25: the NHS cost inflation index measures NHS pay and prices, not a council's care costs");
    const i = await get(item);
    expect([i.cost_gbp, i.adjustment]).toEqual(['67.02', "not restated to 2024/25: the NHS cost inflation index measures NHS pay and prices, not a drug's price"]);
  });

  it('refuses a price year outside the index', async () => {
    await insert(spell({ start_date: '2024-06-10', end_date: '2024-06-13', hrg: 'HN22E' }));
    await expect(price({ priceYear: '2031/32' })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});

it('writes every column of the Activity spec, one row per input row', async () => {
  await insert(spell({ start_date: '2024-06-10', end_date: '2024-06-13', hrg: 'HN22E' }));
  await insert({ feed: 'gp_appointments', setting: 'primary', activity_type: 'gp_appointment', start_date: '2024-06-10', staff_role: 'NURSE', status: 'attended', minutes: 15 });
  await price();
  const columns = await db.all<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'activity' order by ordinal_position`);
  expect(columns.map((c) => c.column_name)).toEqual(Object.keys(Activity.columns));
  const { n, missing } = await db.one<{ n: number; missing: number }>(
    `select count(*)::int as n, count(*) filter (where cost_gbp is null or cost_basis is null or unit is null or price_year is null)::int as missing from activity`,
  );
  expect([n, missing]).toEqual([2, 0]);
});
