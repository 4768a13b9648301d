// Outpatient and A&E activity. Unit costs: NCC 2023/24 'Consultant Led' for WF01A–D (the 2024/25 schedule
// has no outpatient attendance rows), NCC 2024/25 'Outpatient Procedures', 'Diagnostic Imaging',
// 'Directly Accessed Diagnostic Services' and 'Emergency Care' for the rest.
import type { AgeGroup } from './hospital.ts';

/** Treatment function mix by age group (NHS Data Dictionary TFCs; weights are assumptions, HES-shaped). */
export const OP_TFC: Record<AgeGroup, ReadonlyArray<{ value: string; weight: number; sex?: '1' | '2' }>> = {
  child: [
    { value: '420', weight: 40 },
    { value: '130', weight: 10 },
    { value: '110', weight: 10 },
    { value: '330', weight: 10 },
    { value: '100', weight: 8 },
    { value: '812', weight: 12 },
    { value: '340', weight: 5 },
    { value: '650', weight: 5 },
  ],
  adult: [
    { value: '110', weight: 14 },
    { value: '130', weight: 8 },
    { value: '100', weight: 8 },
    { value: '101', weight: 5 },
    { value: '300', weight: 6 },
    { value: '320', weight: 7 },
    { value: '330', weight: 8 },
    { value: '340', weight: 4 },
    { value: '301', weight: 6 },
    { value: '502', weight: 8, sex: '2' },
    { value: '812', weight: 10 },
    { value: '650', weight: 6 },
    { value: '370', weight: 4 },
  ],
  older: [
    { value: '130', weight: 18 },
    { value: '110', weight: 14 },
    { value: '320', weight: 12 },
    { value: '101', weight: 7 },
    { value: '300', weight: 7 },
    { value: '330', weight: 7 },
    { value: '340', weight: 6 },
    { value: '301', weight: 6 },
    { value: '812', weight: 12 },
    { value: '370', weight: 5 },
    { value: '650', weight: 4 },
    { value: '100', weight: 4 },
  ],
};

/** First attendances ≈ 30% of appointments (HES outpatients). */
export const OP_FIRST_SHARE = 0.3;
/** Attendance status: attended, did not attend (HES: DNA ≈ 7%), cancelled. */
export const OP_STATUS = [
  { value: 'attended', weight: 88 },
  { value: 'dna', weight: 7 },
  { value: 'cancelled', weight: 5 },
];

/** Attendance HRGs and unit costs (NCC 2023/24 Consultant Led): face-to-face or not, first or follow-up. */
export const OP_ATTENDANCE = {
  first: [
    { hrg: 'WF01B', cost: 232.07, weight: 85 },
    { hrg: 'WF01D', cost: 167.61, weight: 15 },
  ],
  followUp: [
    { hrg: 'WF01A', cost: 192.28, weight: 75 },
    { hrg: 'WF01C', cost: 153.84, weight: 25 },
  ],
};

/** Outpatient procedures by TFC (NCC 2024/25 Outpatient Procedures), on this share of attended appointments. */
export const OP_PROCEDURE_SHARE = 0.12;
export const OP_PROCEDURES = [
  { tfc: '330', hrg: 'JC43C', procs: 'S069', cost: 214.66 },
  { tfc: '101', hrg: 'LB72A', procs: 'M459', cost: 257.28 },
  { tfc: '110', hrg: 'HN26A', procs: 'W903', cost: 221.53 },
  { tfc: '130', hrg: 'BZ88A', procs: null, cost: 163.21 },
];

/** Imaging attendances (TFC 812): plain film has no HRG (currency PF, £45.30 DAPF); MRI of one area RD01A. */
export const IMAGING = {
  plainFilmCost: 45.3,
  mri: { hrg: 'RD01A', cost: 190.83 },
  mriShare: 0.35,
};

/** A&E HRGs weighted by NCC 2024/25 Emergency Care activity, with its unit costs. */
export const AE_HRG = [
  { value: { hrg: 'VB01Z', cost: 1179.98 }, weight: 32684 },
  { value: { hrg: 'VB02Z', cost: 872.61 }, weight: 486439 },
  { value: { hrg: 'VB03Z', cost: 515.45 }, weight: 1904009 },
  { value: { hrg: 'VB04Z', cost: 683.68 }, weight: 1054520 },
  { value: { hrg: 'VB05Z', cost: 503.29 }, weight: 289429 },
  { value: { hrg: 'VB06Z', cost: 391.24 }, weight: 448024 },
  { value: { hrg: 'VB07Z', cost: 367.49 }, weight: 2416214 },
  { value: { hrg: 'VB08Z', cost: 269.19 }, weight: 5535278 },
  { value: { hrg: 'VB09Z', cost: 182.12 }, weight: 5300922 },
  { value: { hrg: 'VB10Z', cost: 178.92 }, weight: 686 },
  { value: { hrg: 'VB11Z', cost: 126.76 }, weight: 6101233 },
];

/** ECDS diagnoses (SNOMED CT): chest pain, abdominal pain, dyspnoea, fracture, laceration, contusion… */
export const AE_DIAGNOSES = [
  { value: '29857009', weight: 10 },
  { value: '21522001', weight: 10 },
  { value: '267036007', weight: 6 },
  { value: '125605004', weight: 7 },
  { value: '312608009', weight: 6 },
  { value: '125667009', weight: 6 },
  { value: '44465007', weight: 5 },
  { value: '68566005', weight: 4 },
  { value: '233604007', weight: 4 },
  { value: '22298006', weight: 2 },
  { value: '230690007', weight: 2 },
  { value: '271594007', weight: 3 },
  { value: '386661006', weight: 5 },
  { value: '422587007', weight: 3 },
  { value: '25064002', weight: 4 },
  { value: '30989003', weight: 3 },
];
/** Arrival hour weights 00–23 (A&E arrivals peak late morning to evening; NHS England A&E statistics shape). */
export const AE_ARRIVAL_HOURS = [2, 1.5, 1.2, 1, 1, 1.2, 2, 3, 4.5, 5.5, 6, 6, 6, 5.8, 5.6, 5.5, 5.5, 5.5, 5.4, 5, 4.5, 4, 3.2, 2.5];
/** Time in department: exponential with this mean (minutes), at least 20 minutes, at most 24 hours. */
export const AE_MEAN_MINUTES = 210;
