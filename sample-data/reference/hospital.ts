// Hospital activity: HRGs with their National Cost Collection 2024/25 national average unit costs
// (/work/shared/reference/ncc_2024_25.csv, rounded to pence), and the codes they come with. The ICD-10 and
// OPCS-4 codes are written as in SUS (no dot). Pairings of HRG, diagnosis and procedure are illustrative: the
// HRG4+ grouper is not public, so they are plausible, not grouped.

export type AgeGroup = 'child' | 'adult' | 'older';

export interface ApcItem {
  hrg: string;
  tfc: string;
  /** Primary ICD-10 diagnosis. */
  dx: string;
  /** OPCS-4 procedures, primary first (`;`-separated), or null. */
  procs: string | null;
  /** Unit cost when LOS ≤ 1 (non-elective short stay / day case) and when longer (long stay / elective IP). */
  costShort: number;
  costLong: number;
  /** Mean length of stay in nights of the longer spells. */
  meanLos: number;
  /** Relative frequency by age group; `sex` restricts to one sex ('1' male, '2' female). */
  weights: Partial<Record<AgeGroup, number>>;
  sex?: '1' | '2';
  /** Maternity spells use admission method 31 and women aged 18–45 only. */
  maternity?: boolean;
}

/**
 * Emergency spells: NCC 'Non-Elective Inpatient - Short Stay' and '- Long Stay' 2024/25. Strokes
 * are planted at their cited rate by library-episodes.sql, not drawn here.
 */
export const EMERGENCY_ITEMS: readonly ApcItem[] = [
  { hrg: 'DZ11S', tfc: '300', dx: 'J189', procs: null, costShort: 760.4, costLong: 4027.17, meanLos: 6, weights: { adult: 4, older: 10 } },
  { hrg: 'EB03B', tfc: '320', dx: 'I500', procs: null, costShort: 740.04, costLong: 4328.19, meanLos: 8, weights: { adult: 1, older: 6 } },
  { hrg: 'FD10M', tfc: '301', dx: 'A099', procs: null, costShort: 539.25, costLong: 2786.73, meanLos: 3, weights: { child: 2, adult: 6, older: 5 } },
  { hrg: 'WJ06H', tfc: '300', dx: 'A419', procs: null, costShort: 795.55, costLong: 4250.16, meanLos: 7, weights: { adult: 2, older: 5 } },
  { hrg: 'LA04Q', tfc: '300', dx: 'N390', procs: null, costShort: 667.74, costLong: 3619.95, meanLos: 5, weights: { adult: 2, older: 5 } },
  { hrg: 'WH09F', tfc: '430', dx: 'R296', procs: null, costShort: 707.07, costLong: 4267.29, meanLos: 9, weights: { older: 6 } },
  { hrg: 'DZ65H', tfc: '340', dx: 'J441', procs: null, costShort: 832.78, costLong: 2930.2, meanLos: 5, weights: { adult: 2, older: 5 } },
  { hrg: 'FD05B', tfc: '100', dx: 'R104', procs: null, costShort: 447.81, costLong: 2625.06, meanLos: 2, weights: { child: 2, adult: 10, older: 3 } },
  { hrg: 'EB12C', tfc: '300', dx: 'R074', procs: null, costShort: 350.0, costLong: 2164.59, meanLos: 1, weights: { adult: 10, older: 4 } },
  { hrg: 'GC17K', tfc: '100', dx: 'K802', procs: null, costShort: 558.91, costLong: 2854.57, meanLos: 3, weights: { adult: 4, older: 2 } },
  { hrg: 'DZ09N', tfc: '300', dx: 'I269', procs: null, costShort: 725.05, costLong: 3115.37, meanLos: 4, weights: { adult: 1, older: 1 } },
  { hrg: 'HD26G', tfc: '110', dx: 'M796', procs: null, costShort: 367.85, costLong: 2673.99, meanLos: 2, weights: { adult: 2, older: 2 } },
  { hrg: 'NZ19B', tfc: '501', dx: 'O479', procs: null, costShort: 457.11, costLong: 3430.26, meanLos: 1, weights: { adult: 12 }, sex: '2', maternity: true },
  { hrg: 'PW01B', tfc: '420', dx: 'J069', procs: null, costShort: 753.22, costLong: 3013.58, meanLos: 1, weights: { child: 10 } },
];

/** Elective spells: NCC 'Daycase' (costShort) and 'Elective Inpatients' (costLong) 2024/25; cataracts come from library-episodes.sql. */
export const ELECTIVE_ITEMS: readonly ApcItem[] = [
  { hrg: 'FE21Z', tfc: '301', dx: 'K297', procs: 'G451', costShort: 789.93, costLong: 1605.7, meanLos: 1, weights: { adult: 8, older: 6 } },
  { hrg: 'FE32Z', tfc: '301', dx: 'K573', procs: 'H229', costShort: 840.09, costLong: 1419.39, meanLos: 1, weights: { adult: 6, older: 6 } },
  { hrg: 'FE30Z', tfc: '301', dx: 'D126', procs: 'H201', costShort: 1087.68, costLong: 1522.34, meanLos: 1, weights: { adult: 3, older: 4 } },
  { hrg: 'JC43C', tfc: '330', dx: 'L821', procs: 'S069', costShort: 868.05, costLong: 1231.23, meanLos: 1, weights: { child: 3, adult: 5, older: 5 } },
  { hrg: 'GA10K', tfc: '100', dx: 'K802', procs: 'J183', costShort: 3775.46, costLong: 4951.08, meanLos: 1, weights: { adult: 4, older: 2 } },
  { hrg: 'LB25F', tfc: '101', dx: 'N40X', procs: 'M653', costShort: 3281.84, costLong: 4957.2, meanLos: 2, weights: { adult: 1, older: 3 }, sex: '1' },
  { hrg: 'MA07G', tfc: '502', dx: 'D259', procs: 'Q074', costShort: 3726.68, costLong: 7003.77, meanLos: 2, weights: { adult: 2 }, sex: '2' },
  { hrg: 'WH50B', tfc: '100', dx: 'Z530', procs: null, costShort: 479.41, costLong: 916.96, meanLos: 1, weights: { child: 2, adult: 1, older: 1 } },
  { hrg: 'SB12Z', tfc: '370', dx: 'C509', procs: 'X352', costShort: 435.51, costLong: 2151.99, meanLos: 1, weights: { adult: 2, older: 2 } },
  // Knee injection for OA: condition-related activity outside any replacement episode.
  { hrg: 'HN26A', tfc: '110', dx: 'M171', procs: 'W903', costShort: 637.02, costLong: 899.55, meanLos: 1, weights: { adult: 1, older: 1 } },
];

/** Secondary diagnoses added for adults by complexity (hypertension, T2DM, obesity, IHD, COPD, CKD 3, AF…). */
export const COMORBIDITIES = ['I10X', 'E119', 'E669', 'I251', 'J449', 'N183', 'I480', 'F329', 'E039', 'K219'];

/** Discharge destinations (NHS Data Dictionary): usual residence mostly; 79 = died. */
export const DISCHARGE_DESTINATIONS = [
  { value: '19', weight: 88 },
  { value: '29', weight: 2 },
  { value: '51', weight: 3 },
  { value: '54', weight: 2 },
  { value: '65', weight: 2 },
  { value: '85', weight: 2 },
  { value: '88', weight: 1 },
];

/** Emergency admission methods (21 via A&E, 22 GP, 24 consultant clinic, 28 other, 2D other emergency). */
export const EMERGENCY_METHODS = [
  { value: '21', weight: 72 },
  { value: '22', weight: 12 },
  { value: '24', weight: 4 },
  { value: '28', weight: 8 },
  { value: '2D', weight: 4 },
];
/** Elective admission methods: 11 waiting list, 12 booked, 13 planned. */
export const ELECTIVE_METHODS = [
  { value: '11', weight: 72 },
  { value: '12', weight: 18 },
  { value: '13', weight: 10 },
];

/** PLICS resource split of a surgical and of a medical spell (assumption; shares of cost_gbp). */
export const SPLIT_SURGICAL = { staff: 0.28, theatre: 0.24, ward: 0.14, drugs: 0.03, devices: 0.17, diagnostics: 0.03 };
export const SPLIT_MEDICAL = { staff: 0.36, theatre: 0.02, ward: 0.34, drugs: 0.08, devices: 0.01, diagnostics: 0.07 };
