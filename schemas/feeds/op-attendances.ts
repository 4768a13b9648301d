import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

/**
 * Consultation medium (SUS OPA `Consultation_Medium_Used`, NHS Data Dictionary CONSULTATION MEDIUM USED):
 * 01 face to face; 02 telephone; 03/11 video; 04 talk type, 05 email, 06/09 text, 10 instant messaging, 12 message
 * board, 13 chat room → written; 98 other. Anything but face_to_face is priced as a non-face-to-face attendance.
 */
export const OP_MODES = ['face_to_face', 'telephone', 'video', 'written', 'other'] as const;

export const OpAttendances = defineTable({
  name: 'op_attendances',
  description: 'Outpatient appointments (SUS+ OPA-shaped).',
  grain: 'one row per outpatient appointment',
  idColumn: 'attendance_id',
  patientColumn: 'patient_id',
  dateColumn: 'appointment_date',
  costColumn: 'cost_gbp',
  providerColumn: 'provider_code',
  columns: {
    attendance_id: col.string('Appointment identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    provider_code: col.code('ODS code of the provider trust.', CODE.ods.system, CODE.ods.pattern, required),
    appointment_date: col.date('Date of the appointment.', required),
    tfc: col.code('Treatment function code (110 = Trauma & Orthopaedics).', CODE.tfc.system, CODE.tfc.pattern, required),
    first_attendance: col.enum('1 first attendance, 2 follow-up.', ['1', '2'], required),
    status: col.enum('Attendance status.', ['attended', 'dna', 'cancelled'], required),
    mode: col.enum('Consultation medium; anything but face_to_face is priced as non-face-to-face (WF01C/WF01D). Empty: face to face assumed.', OP_MODES),
    hrg: col.code('Core HRG (WF01A… or a procedure HRG).', CODE.hrg.system, CODE.hrg.pattern),
    procedures: col.codeList('OPCS-4 procedures, `;`-separated.', CODE.opcs4.system, CODE.opcs4.pattern),
    cost_gbp: col.money('PLICS actual cost, where supplied.', { min: 0, max: 50000 }),
    tariff_gbp: col.money('Tariff price paid, where supplied.', { min: 0, max: 50000 }),
  },
});
