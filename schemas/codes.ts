// Code formats of the NHS code systems the feeds carry. Codes are compared after normalisation
// (upper case, trimmed, dots removed), so patterns are written for the normalised form.
export const CODE = {
  icd10: { system: 'ICD-10', pattern: '[A-Z][0-9]{2}[0-9X]?[0-9A-Z]?' },
  opcs4: { system: 'OPCS-4', pattern: '[A-Z][0-9]{2}[0-9]?' },
  hrg: { system: 'HRG4+', pattern: '[A-Z]{2}[0-9]{2}[A-Z]' },
  snomed: { system: 'SNOMED CT', pattern: '[1-9][0-9]{5,17}' },
  tfc: { system: 'Treatment function code', pattern: '[0-9]{3}' },
  ods: { system: 'ODS organisation code', pattern: '[A-Z0-9]{3,6}' },
  lsoa: { system: 'LSOA 2011/2021', pattern: 'E01[0-9]{6}' },
  la: { system: 'ONS local authority code', pattern: 'E0[6-9][0-9]{6}' },
  admissionMethod: { system: 'Admission method (NHS DD)', pattern: '1[1-3]|2[1-8A-D]|3[12]|8[1-3]|99' },
  bnf: { system: 'BNF code', pattern: '[0-9A-Z]{9,15}' },
  // a month as the ledger names it, so its lines meet the activity's months (2024-3 would stand apart)
  month: { system: 'month (YYYY-MM)', pattern: '[0-9]{4}-(0[1-9]|1[0-2])' },
} as const;

export type CodeSystem = keyof typeof CODE;

/**
 * The provider code the published aggregates give the ICB's total row (pathway_summary, scenarios, flows): an
 * organisation coded so in an extract would be added into that row, so its rows are set aside as a bad code.
 */
export const ICB_TOTAL = 'ICB';

/**
 * HES admission methods of a transfer from another hospital provider: 2B in an emergency, 81 otherwise. A spell so
 * admitted continues a stay (the continuous inpatient spell), and is never a readmission.
 */
export const TRANSFER_ADMISSION_METHODS = ['2B', '81'];
