// Words for people beside the ids the tables hold: care settings, feeds and quarantine reasons. Step labels
// are in each pathway definition; a step no rule matched, other_<setting>, is labelled from its setting.
import type { FeedName } from './feeds/index.ts';
import type { Setting } from './tables/activity.ts';
import type { QuarantineReason } from './tables/quarantine.ts';

export const SETTING_LABELS: Record<Setting, string> = {
  primary: 'Primary care',
  acute: 'Acute hospital',
  community: 'Community health',
  mental_health: 'Mental health',
  social_care: 'Social care',
  prescribing: 'Prescribing',
};

export const FEED_LABELS: Record<FeedName, string> = {
  patients: 'Registered patients',
  gp_appointments: 'GP appointments',
  apc_spells: 'Hospital admissions',
  op_attendances: 'Outpatient appointments',
  ae_attendances: 'A&E attendances',
  community_contacts: 'Community contacts',
  mental_health_contacts: 'Mental health contacts',
  social_care_services: 'Social care services',
  prescriptions: 'Prescriptions dispensed',
  cost_ledger: 'Provider cost ledgers',
};

export const REASON_LABELS: Record<QuarantineReason, string> = {
  malformed_line: 'Malformed line',
  bad_encoding: 'Not UTF-8',
  missing_required: 'Required value missing',
  bad_type: 'Not a date or number',
  bad_value: 'Value not allowed',
  bad_code: 'Invalid clinical code',
  end_before_start: 'Ends before it starts',
  future_date: 'Dated in the future',
  negative_cost: 'Negative cost',
  absurd_value: 'Implausible value',
  duplicate_id: 'Repeated id',
  unknown_patient: 'Patient not registered',
  before_birth: "Starts before the patient's birth",
};

/** Steps the engine adds to every pathway: activity in the window that no step rule matched, by setting. */
export function otherStepLabel(setting: Setting): string {
  return `Other ${SETTING_LABELS[setting].toLowerCase()} activity`;
}
