import type { TableSpec } from '../../../schemas/define.ts';
import { FEED_SETTING } from '../../../schemas/tables/activity.ts';

// How each feed's checked columns become columns of the long `activity` table. Expressions read the
// checked table as `c` (and `pt` for the patient's row where a feed needs it); `dc.cutoff_date` is the data cut-off.
type Columns = Record<string, string>;

/** ICD-10 in HES is 4 characters, X-padded (I10X); strip the padding so prefix rules match. */
const icd10 = (list: string) => `list_transform(${list}, x -> case when length(x) > 3 then regexp_replace(x, 'X+$', '') else x end)`;

const contact = (feed: 'community_contacts' | 'mental_health_contacts', type: string): Columns => ({
  setting: `'${FEED_SETTING[feed]}'`,
  activity_type: `'${type}'`,
  provider_code: 'c.provider_code',
  start_date: 'c.contact_date',
  end_date: 'c.contact_date',
  service_type: 'upper(c.service_type)',
  staff_role: 'upper(c.staff_role)',
  status: 'c.status',
  minutes: 'c.minutes',
  // the consultation medium: a community contact by telephone is priced at its service's non-face-to-face rate
  mode: 'c.mode',
  supplied_cost_gbp: 'c.cost_gbp',
});

/**
 * Where a row with no end date ends: the data cut-off, or the patient's death before it (never before the row's
 * start). A package or a stay is not paid for after the patient died.
 */
const openEnd = (start: string) => `case when pt.date_of_death < dc.cutoff_date then greatest(pt.date_of_death, ${start}) else dc.cutoff_date end`;

// every activity feed has a setting (FEED_SETTING), which the disclosure's sums of the reconciliation rely on
export const FEED_COLUMNS: Record<string, Columns> = {
  gp_appointments: {
    setting: `'${FEED_SETTING.gp_appointments}'`,
    activity_type: `'gp_appointment'`,
    provider_code: 'c.practice_code',
    start_date: 'c.appointment_date',
    end_date: 'c.appointment_date',
    primary_diagnosis: 'c.snomed_codes[1]',
    diagnoses: 'c.snomed_codes',
    staff_role: 'upper(c.staff_role)',
    status: 'c.status',
    // GP time: the recorded (actual) minutes when there are any, longer or shorter than planned (the time the
    // clinician gave), else the planned slot, as recorded: pricing defaults missing or zero to 10 minutes (NCL
    // convention) and caps at 60, and says so in the row's adjustment, which it cannot when the minutes arrive
    // already changed.
    minutes: `case when c.actual_minutes > 0 then c.actual_minutes else c.planned_minutes end`,
    supplied_cost_gbp: 'c.cost_gbp',
  },
  apc_spells: {
    setting: `'${FEED_SETTING.apc_spells}'`,
    activity_type: `case when c.admission_method in ('11', '12', '13') then 'apc_elective' when c.admission_method like '2%' then 'apc_emergency' else 'apc_other' end`,
    provider_code: 'c.provider_code',
    start_date: 'c.admission_date',
    // A patient still in hospital is counted to the data cut-off, or to their death before it.
    end_date: `coalesce(c.discharge_date, ${openEnd('c.admission_date')})`,
    admission_method: 'c.admission_method',
    tfc: 'c.tfc',
    hrg: 'c.hrg',
    primary_diagnosis: `${icd10('c.diagnoses')}[1]`,
    diagnoses: icd10('c.diagnoses'),
    primary_procedure: 'c.procedures[1]',
    procedures: 'c.procedures',
    supplied_cost_gbp: 'c.cost_gbp',
    tariff_gbp: 'c.tariff_gbp',
    cost_staff: 'c.cost_staff',
    cost_theatre: 'c.cost_theatre',
    cost_ward: 'c.cost_ward',
    cost_drugs: 'c.cost_drugs',
    cost_devices: 'c.cost_devices',
    cost_diagnostics: 'c.cost_diagnostics',
    cost_overheads: 'c.cost_overheads',
  },
  op_attendances: {
    setting: `'${FEED_SETTING.op_attendances}'`,
    activity_type: `case when c.first_attendance = '1' then 'op_first' else 'op_follow_up' end`,
    provider_code: 'c.provider_code',
    start_date: 'c.appointment_date',
    end_date: 'c.appointment_date',
    tfc: 'c.tfc',
    hrg: 'c.hrg',
    primary_procedure: 'c.procedures[1]',
    procedures: 'c.procedures',
    status: 'c.status',
    first_attendance: 'c.first_attendance',
    mode: 'c.mode',
    supplied_cost_gbp: 'c.cost_gbp',
    tariff_gbp: 'c.tariff_gbp',
  },
  ae_attendances: {
    setting: `'${FEED_SETTING.ae_attendances}'`,
    activity_type: `'ae_attendance'`,
    provider_code: 'c.provider_code',
    start_date: 'c.arrival_time::date',
    end_date: 'coalesce(c.departure_time::date, c.arrival_time::date)',
    hrg: 'c.hrg',
    primary_diagnosis: 'c.diagnoses[1]',
    diagnoses: 'c.diagnoses',
    status: `'attended'`,
    supplied_cost_gbp: 'c.cost_gbp',
    tariff_gbp: 'c.tariff_gbp',
  },
  community_contacts: contact('community_contacts', 'community_contact'),
  mental_health_contacts: contact('mental_health_contacts', 'mental_health_contact'),
  social_care_services: {
    setting: `'${FEED_SETTING.social_care_services}'`,
    activity_type: `'social_care_service'`,
    provider_code: 'c.la_code',
    start_date: 'c.start_date',
    // Ongoing packages (no end date) are costed to the data cut-off, or to the patient's death before it.
    end_date: `least(coalesce(c.end_date, ${openEnd('c.start_date')}), greatest(dc.cutoff_date, c.start_date))`,
    service_type: 'upper(c.service_type)',
    unit_cost_gbp: 'c.unit_cost_gbp',
    cost_frequency: 'c.cost_frequency',
    planned_units_per_week: 'c.planned_units_per_week',
  },
  prescriptions: {
    setting: `'${FEED_SETTING.prescriptions}'`,
    activity_type: `'prescription'`,
    // Items carry no prescriber organisation here: attribute them to the patient's registered practice.
    provider_code: `coalesce(pt.practice_code, 'UNKNOWN')`,
    start_date: 'c.dispensed_date',
    end_date: 'c.dispensed_date',
    bnf_code: 'c.bnf_code',
    quantity: 'c.quantity',
    supplied_cost_gbp: 'c.actual_cost_gbp',
  },
} satisfies Record<keyof typeof FEED_SETTING, Columns>;

/**
 * Columns of a feed that anything after validation reads: those its activity expressions name (`c.<column>`)
 * and the id, patient, date, cost and provider columns (quarantine, duplicates, cut-off). Stage 2 stores only
 * these (every column is still validated); feeds that are not activity keep every column.
 */
export function columnsReadLater(spec: TableSpec): string[] {
  const expressions = FEED_COLUMNS[spec.name];
  if (!expressions) return Object.keys(spec.columns);
  const named = Object.values(expressions).flatMap((e) => [...e.matchAll(/\bc\.([a-z_0-9]+)/g)].map((m) => m[1]));
  const keys = [spec.idColumn, spec.patientColumn, spec.dateColumn, spec.costColumn, spec.providerColumn];
  const wanted = new Set([...named, ...keys].filter((c): c is string => c !== undefined));
  return Object.keys(spec.columns).filter((c) => wanted.has(c));
}

/** Feeds whose expressions read the patient's row (`pt`) for the provider (a read that needs none skips it). */
export const NEEDS_PATIENT = new Set(['prescriptions']);
/** Feeds whose open-ended rows end at the patient's death (`pt`): every read joins the patient. */
export const READS_DEATH = new Set(['apc_spells', 'social_care_services']);
