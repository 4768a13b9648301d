import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const GpAppointments = defineTable({
  name: 'gp_appointments',
  description: 'GP practice appointments (GPAD/OLIDS-shaped).',
  grain: 'one row per appointment',
  idColumn: 'appointment_id',
  patientColumn: 'patient_id',
  dateColumn: 'appointment_date',
  costColumn: 'cost_gbp',
  providerColumn: 'practice_code',
  columns: {
    appointment_id: col.string('Appointment identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    practice_code: col.code('ODS code of the practice.', CODE.ods.system, CODE.ods.pattern, required),
    appointment_date: col.date('Date of the appointment.', required),
    staff_role: col.enum('Role of the clinician seen.', ['gp', 'nurse', 'fcp_physio', 'pharmacist', 'other'], required),
    planned_minutes: col.decimal('Planned slot length in minutes.', { min: 0, max: 600 }),
    actual_minutes: col.decimal('Recorded duration in minutes.', { min: 0, max: 600 }),
    mode: col.enum('Consultation mode.', ['face_to_face', 'telephone', 'video', 'home_visit']),
    status: col.enum('Attendance status.', ['attended', 'dna', 'cancelled'], required),
    snomed_codes: col.codeList('SNOMED CT concepts coded at the appointment, `;`-separated.', CODE.snomed.system, CODE.snomed.pattern),
    cost_gbp: col.money('Cost if the practice supplied one (rare).', { min: 0, max: 5000 }),
  },
});
