import { type ColumnSpec, col, defineTable, required } from '../define.ts';
import { ACTIVITY_FEEDS } from '../feeds/index.ts';
import { CommunityContacts } from '../feeds/community-contacts.ts';
import { GpAppointments } from '../feeds/gp-appointments.ts';
import { MentalHealthContacts } from '../feeds/mental-health-contacts.ts';
import { OpAttendances } from '../feeds/op-attendances.ts';
import { SocialCareServices } from '../feeds/social-care-services.ts';

/** The values the feeds' enum columns normalised into one activity column can bring (03-normalise/feed-columns.ts). */
const valuesOf = (...columns: ColumnSpec[]): string[] => [...new Set(columns.flatMap((c) => c.values!))];

export const SETTINGS = ['primary', 'acute', 'community', 'mental_health', 'social_care', 'prescribing'] as const;
export type Setting = (typeof SETTINGS)[number];

/** The one setting each activity feed's rows are in (a feed's money is its setting's: reconciliation by feed adds up to it). */
export const FEED_SETTING = {
  gp_appointments: 'primary',
  apc_spells: 'acute',
  op_attendances: 'acute',
  ae_attendances: 'acute',
  community_contacts: 'community',
  mental_health_contacts: 'mental_health',
  social_care_services: 'social_care',
  prescriptions: 'prescribing',
} as const satisfies Record<string, Setting>;

/**
 * Feeds whose rows are spans of days (an inpatient spell, a care package), prorated by the days inside an episode's
 * window; every other row is an event, counted whole on the day it ended (an A&E attendance past midnight is one).
 */
export const SPAN_FEEDS = ['apc_spells', 'social_care_services'] as const satisfies ReadonlyArray<keyof typeof FEED_SETTING>;

export const ACTIVITY_TYPES = [
  'gp_appointment',
  'apc_elective',
  'apc_emergency',
  'apc_other',
  'op_first',
  'op_follow_up',
  'ae_attendance',
  'community_contact',
  'mental_health_contact',
  'social_care_service',
  'prescription',
] as const;

/** Units of resource the pricing gives (04-price/activity.sql). */
export const UNITS = ['bed_days', 'attendances', 'gp_minutes', 'staff_minutes', 'contacts', 'care_hours', 'care_days', 'weeks', 'items'] as const;

export const COST_BASES = ['plics_actual', 'contract_price', 'tariff', 'national_unit_cost', 'staff_time', 'la_unit_cost', 'supplied', 'not_attended', 'unpriced'] as const;
export type CostBasis = (typeof COST_BASES)[number];

/** The long, normalised and priced activity table: every clean row of every activity feed. */
export const Activity = defineTable({
  name: 'activity',
  description: 'Every clean activity row of every feed, normalised to one shape and priced with provenance.',
  grain: 'one row per source row (feed, source_id)',
  columns: {
    feed: col.enum('Feed the row came from.', ACTIVITY_FEEDS.map((f) => f.name), required),
    source_id: col.string('Identifier of the row in its feed.', required),
    source_row: col.integer('1-based line in the source file, header excluded.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    setting: col.enum('Care setting.', SETTINGS, required),
    activity_type: col.enum('Kind of activity.', ACTIVITY_TYPES, required),
    provider_code: col.string('Organisation that delivered it (trust, practice or local authority).', required),
    start_date: col.date('First day of the activity.', required),
    end_date: col.date('Last day of the activity (same as start for single-day contacts).', required),
    admission_method: col.string('APC admission method.'),
    tfc: col.string('Treatment function code.'),
    hrg: col.string('HRG (currency) code.'),
    primary_diagnosis: col.string('Primary diagnosis, normalised (ICD-10 or SNOMED CT).'),
    diagnoses: col.list('All diagnoses, normalised, primary first.'),
    primary_procedure: col.string('Primary OPCS-4 procedure, normalised.'),
    procedures: col.list('All procedures, normalised, primary first.'),
    service_type: col.string('Service or team type (community, mental health, social care).'),
    staff_role: col.string('Staff role (GP, community, mental health).'),
    // A&E rows are 'attended', one of these
    status: col.enum('Attendance status where recorded.', valuesOf(GpAppointments.columns.status, OpAttendances.columns.status, CommunityContacts.columns.status, MentalHealthContacts.columns.status)),
    first_attendance: col.enum('Outpatient first (1) or follow-up (2).', valuesOf(OpAttendances.columns.first_attendance)),
    mode: col.enum('Consultation medium of an outpatient attendance or a community or mental health contact: non-face-to-face attendances, and community contacts whose service has a non-face-to-face currency, are priced as such.', valuesOf(OpAttendances.columns.mode, CommunityContacts.columns.mode, MentalHealthContacts.columns.mode)),
    minutes: col.decimal('Minutes of staff time as recorded (a GP appointment: the actual minutes, else the planned slot); the minutes priced are `units` (a GP appointment: missing or zero → 10, at most 60, said in `adjustment`).'),
    quantity: col.decimal('Quantity dispensed (prescriptions).'),
    bnf_code: col.string('BNF code (prescriptions).'),
    supplied_cost_gbp: col.money('Cost supplied by the provider (PLICS actual or item cost).'),
    tariff_gbp: col.money('Tariff or contract price supplied.'),
    unit_cost_gbp: col.money('Supplied unit cost (social care).'),
    cost_frequency: col.enum('Unit of the supplied unit cost (social care).', valuesOf(SocialCareServices.columns.cost_frequency)),
    planned_units_per_week: col.decimal('Planned units per week (social care).'),
    cost_staff: col.money('PLICS split: staff.'),
    cost_theatre: col.money('PLICS split: theatre.'),
    cost_ward: col.money('PLICS split: ward.'),
    cost_drugs: col.money('PLICS split: drugs.'),
    cost_devices: col.money('PLICS split: devices and prostheses.'),
    cost_diagnostics: col.money('PLICS split: diagnostics.'),
    cost_overheads: col.money('PLICS split: overheads.'),
    cost_gbp: col.money('Priced cost, restated at the build price year when a restatement is asked for.', required),
    nominal_cost_gbp: col.money('Priced cost in its own price year (before any inflation restatement).', required),
    standardised_cost_gbp: col.money('Cost re-priced at national unit costs (resource use view).', required),
    cost_basis: col.enum('How the cost was arrived at (DESIGN §4 order).', COST_BASES, required),
    price_year: col.string('Financial year of the price, e.g. 2024/25.'),
    price_source: col.string('Reference table the price came from (or the feed for supplied costs).'),
    price_ref: col.string('Row of the reference table (e.g. "Elective Inpatients|HN22E").'),
    adjustment: col.string('Adjustment applied (e.g. inflation uplift 2023/24→2024/25 ×1.0431; proration).'),
    units: col.decimal('Physical units of resource (see unit).', required),
    unit: col.enum('Unit of resource.', UNITS, required),
  },
});
