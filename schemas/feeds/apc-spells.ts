import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

const split = (what: string) => col.money(`PLICS cost component: ${what}.`, { min: 0, max: 500000 });

export const ApcSpells = defineTable({
  name: 'apc_spells',
  description: 'Admitted patient care hospital provider spells (SUS+ APCS-shaped), with diagnoses and procedures.',
  grain: 'one row per hospital provider spell',
  idColumn: 'spell_id',
  patientColumn: 'patient_id',
  dateColumn: 'admission_date',
  costColumn: 'cost_gbp',
  providerColumn: 'provider_code',
  dateOrder: ['admission_date', 'discharge_date'],
  // Ten years in an acute bed: a longer spell is a mistyped admission date (2004 for 2024), not a stay.
  longestSpanDays: 3653,
  columns: {
    spell_id: col.string('Spell identifier, unique in the feed.', required),
    patient_id: col.string('Pseudonymised NHS number.', required),
    provider_code: col.code('ODS code of the provider trust.', CODE.ods.system, CODE.ods.pattern, required),
    site_code: col.string('ODS code of the site of treatment.'),
    admission_date: col.date('Start of the spell.', required),
    admission_method: col.code('Admission method: 11–13 elective, 21–2D emergency, 31–32 maternity, 81–83 other.', CODE.admissionMethod.system, CODE.admissionMethod.pattern, required),
    discharge_date: col.date('End of the spell (empty while still in hospital).'),
    discharge_destination: col.string('Discharge destination code.'),
    tfc: col.code('Treatment function code of the admitting episode.', CODE.tfc.system, CODE.tfc.pattern),
    hrg: col.code('Spell core HRG.', CODE.hrg.system, CODE.hrg.pattern),
    diagnoses: col.codeList('ICD-10 diagnoses, primary first, `;`-separated.', CODE.icd10.system, CODE.icd10.pattern, required),
    procedures: col.codeList('OPCS-4 procedures, primary first, `;`-separated.', CODE.opcs4.system, CODE.opcs4.pattern),
    cost_gbp: col.money('PLICS actual cost of the spell, where supplied.', { min: 0, max: 500000 }),
    tariff_gbp: col.money('Contract or tariff price paid, where supplied.', { min: 0, max: 500000 }),
    cost_staff: split('staff'),
    cost_theatre: split('theatre'),
    cost_ward: split('ward'),
    cost_drugs: split('drugs'),
    cost_devices: split('devices and prostheses'),
    cost_diagnostics: split('diagnostics'),
    cost_overheads: split('overheads'),
  },
});
