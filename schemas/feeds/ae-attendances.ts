import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const AeAttendances = defineTable({
  name: 'ae_attendances',
  description: 'Emergency care attendances (ECDS-shaped).',
  grain: 'one row per A&E attendance',
  idColumn: 'attendance_id',
  patientColumn: 'patient_id',
  dateColumn: 'arrival_time',
  costColumn: 'cost_gbp',
  providerColumn: 'provider_code',
  dateOrder: ['arrival_time', 'departure_time'],
  columns: {
    attendance_id: col.string('Attendance identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    provider_code: col.code('ODS code of the provider trust.', CODE.ods.system, CODE.ods.pattern, required),
    arrival_time: col.timestamp('Arrival date and time (ISO).', required),
    departure_time: col.timestamp('Departure date and time (ISO).'),
    diagnoses: col.codeList('ECDS diagnoses as SNOMED CT concepts, primary first.', CODE.snomed.system, CODE.snomed.pattern),
    hrg: col.code('Emergency medicine HRG (VB01Z–VB11Z).', CODE.hrg.system, CODE.hrg.pattern),
    cost_gbp: col.money('PLICS actual cost, where supplied.', { min: 0, max: 50000 }),
    tariff_gbp: col.money('Tariff or payment made for the attendance (e.g. SUS Grand_Total_Payment_MFF), where supplied.', { min: 0, max: 50000 }),
  },
});
