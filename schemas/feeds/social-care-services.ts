import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

/**
 * Days in each period a unit cost may be given per: a week and its multiples, and a month, quarter and year at
 * their average lengths (365.25 days a year). ASC Client Level Data records costs per week, fortnight, four weeks,
 * month, quarter and year as well as per hour, day and one-off (shared/reference/national-extracts.md).
 */
export const COST_PERIOD_DAYS = { week: 7, fortnight: 14, four_weeks: 28, month: 365.25 / 12, quarter: 365.25 / 4, year: 365.25 } as const;
export const COST_FREQUENCIES = ['hour', 'day', ...(Object.keys(COST_PERIOD_DAYS) as Array<keyof typeof COST_PERIOD_DAYS>), 'one_off'] as const;

export const SocialCareServices = defineTable({
  name: 'social_care_services',
  description: 'Adult social care services (ASC Client Level Data-shaped).',
  grain: 'one row per service episode',
  idColumn: 'service_id',
  patientColumn: 'patient_id',
  dateColumn: 'start_date',
  providerColumn: 'la_code',
  dateOrder: ['start_date', 'end_date'],
  // £50,000 a week is ten times the dearest placements of PSSRU's unit costs (a few thousand pounds a week):
  // £20,000 an hour for 168 hours a week is a unit cost given per week (or per year) as per hour
  weeklyRate: { unitCost: 'unit_cost_gbp', frequency: 'cost_frequency', unitsPerWeek: 'planned_units_per_week', max: 50_000 },
  columns: {
    service_id: col.string('Service event reference, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    la_code: col.code('ONS code of the local authority.', CODE.la.system, CODE.la.pattern, required),
    service_type: col.enum('Service type.', ['home_care', 'reablement', 'residential', 'nursing', 'day_care', 'equipment', 'direct_payment'], required),
    start_date: col.date('Service start date.', required),
    end_date: col.date('Service end date; empty = ongoing (costed to the data cut-off).'),
    // a year of the dearest placement is a few hundred thousand pounds: the cap is the weekly-rate check's £50,000 a
    // week over a year, and that check bounds each frequency (a cost per year at £20,001 was quarantined)
    unit_cost_gbp: col.money('Cost per unit of the cost frequency.', { min: 0, max: 2_610_000 }),
    cost_frequency: col.enum('Unit the unit cost is per: an hour (× planned hours a week), a day (× planned days a week), a period (week, fortnight, four_weeks, month, quarter, year: prorated by the days the service ran) or one_off.', [...COST_FREQUENCIES], required),
    planned_units_per_week: col.decimal('Planned units per week: hours of home care (an hourly service is unpriced without it), days of day care (a daily service without it is charged every day of the period).', { min: 0, max: 168 }),
    primary_support_reason: col.string('Primary support reason.'),
  },
});
