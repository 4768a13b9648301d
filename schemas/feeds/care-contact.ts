// Community (CSDS) and mental health (MHSDS) care contacts share one shape; only the provider, service and
// staff descriptions differ.
import { type ColumnSpec, col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const CONTACT_MODES = ['face_to_face', 'telephone', 'video', 'home_visit'] as const;
export const CONTACT_STATUSES = ['attended', 'dna', 'cancelled'] as const;

interface CareContactFeed {
  name: string;
  description: string;
  provider: string;
  serviceType: ColumnSpec;
  staffRole: string;
}

export function careContactFeed(feed: CareContactFeed) {
  return defineTable({
    name: feed.name,
    description: feed.description,
    grain: 'one row per care contact',
    idColumn: 'contact_id',
    patientColumn: 'patient_id',
    dateColumn: 'contact_date',
    costColumn: 'cost_gbp',
    providerColumn: 'provider_code',
    columns: {
      contact_id: col.string('Care contact identifier, unique in the feed.', required),
      patient_id: col.string('Pseudonymised NHS number.', required),
      provider_code: col.code(`ODS code of the ${feed.provider}.`, CODE.ods.system, CODE.ods.pattern, required),
      contact_date: col.date('Date of the contact.', required),
      service_type: feed.serviceType,
      staff_role: col.string(feed.staffRole),
      minutes: col.decimal('Clinical contact duration in minutes.', { min: 0, max: 600 }),
      mode: col.enum('Consultation mechanism.', CONTACT_MODES),
      status: col.enum('Attendance status.', CONTACT_STATUSES, required),
      cost_gbp: col.money('Cost, where supplied.', { min: 0, max: 5000 }),
    },
  });
}
