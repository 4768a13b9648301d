import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';
import { CONTACT_MODES, CONTACT_STATUSES } from './community-contacts.ts';

export const MentalHealthContacts = defineTable({
  name: 'mental_health_contacts',
  description: 'Mental health service care contacts (MHSDS-shaped).',
  grain: 'one row per care contact',
  idColumn: 'contact_id',
  patientColumn: 'patient_id',
  dateColumn: 'contact_date',
  costColumn: 'cost_gbp',
  providerColumn: 'provider_code',
  columns: {
    contact_id: col.string('Care contact identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    provider_code: col.code('ODS code of the mental health provider.', CODE.ods.system, CODE.ods.pattern, required),
    contact_date: col.date('Date of the contact.', required),
    service_type: col.string('Service or team type (e.g. talking_therapies, community_mental_health).', required),
    staff_role: col.string('Staff group of the professional.'),
    minutes: col.decimal('Clinical contact duration in minutes.', { min: 0, max: 600 }),
    mode: col.enum('Consultation mechanism.', CONTACT_MODES),
    status: col.enum('Attendance status.', CONTACT_STATUSES, required),
    cost_gbp: col.money('Cost, where supplied.', { min: 0, max: 5000 }),
  },
});
