import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

export const Patients = defineTable({
  name: 'patients',
  description: 'Registered population: one row per pseudonymised person.',
  grain: 'one row per patient',
  idColumn: 'patient_id',
  providerColumn: 'practice_code',
  dateOrder: ['registered_from', 'registered_to'],
  // Setting a patient aside sets aside all their activity (unknown_patient): a wrong area, deprivation decile,
  // registration or death date makes that value unknown instead.
  clearedOnFault: ['lsoa_code', 'imd_decile', 'registered_from', 'registered_to', 'date_of_death'],
  columns: {
    patient_id: col.string('Pseudonymised NHS number (never the real one).', required),
    birth_date: col.date('Date of birth, truncated to the first of the month.', required),
    sex: col.enum('Sex: 1 male, 2 female, 9 not known.', ['1', '2', '9'], required),
    lsoa_code: col.code('Lower-layer super output area of residence.', CODE.lsoa.system, CODE.lsoa.pattern),
    imd_decile: col.integer('Index of Multiple Deprivation decile, 1 most deprived to 10 least.', { min: 1, max: 10 }),
    practice_code: col.code('ODS code of the registered GP practice.', CODE.ods.system, CODE.ods.pattern, required),
    registered_from: col.date('Start of registration with the practice.'),
    registered_to: col.date('End of registration (moved away); empty while registered.'),
    date_of_death: col.date('Date of death, if died.'),
  },
});
