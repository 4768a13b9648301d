// The library pathways' patients (stroke, hip fracture, cataract, type 2 diabetes): rates by pathway age band
// (<40, 40–49, 50–59, 60–69, 70–79, 80–89, 90+; population.ts) and the codes their activity carries. National
// averages are cited in pathways/sources/library-rates.md; the shapes across ages are assumptions, scaled so that
// over England's age pyramid (population.ts) they average the cited figure.
import { RX } from './primary-care.ts';

/** Emergency stroke admissions per 1,000 a year: averages 1.93 (NCC 2023/24 AA35 long stay ÷ 57.1M). */
export const STROKE_RATE_PER_1000 = [0.1, 0.7, 1.6, 3.3, 6.7, 12.2, 16.7];
/** Operated hip fractures per 1,000 a year: averages 0.51 (NCC 2023/24 HT12 long stay ÷ 57.1M), none under 60 here. */
export const HIP_FRACTURE_RATE_PER_1000 = [0, 0, 0, 0.6, 2.5, 9, 20];
/** Women ≈ 70% of hip fractures (assumption, NHFD-shaped); the rate is applied ×1.4 to women, ×0.6 to men. */
export const HIP_FRACTURE_SEX_FACTOR = { female: 1.4, male: 0.6 };
/** Day-case phacoemulsification per 1,000 a year: averages 3.15 (NCC 2023/24 BZ34 day case ÷ 57.1M). */
export const CATARACT_RATE_PER_1000 = [0.05, 0.32, 1.6, 5.35, 15, 21.4, 12.8];
/** Recorded type 2 diabetes (share of people): averages 5.85% (QOF 6.5% diabetes × an assumed 90% type 2). */
export const T2DM_PREVALENCE = [0.005, 0.047, 0.085, 0.132, 0.179, 0.188, 0.16];
/** Recorded COPD (share of people): averages 1.9% (QOF, library-rates.md), mostly over 60. */
export const COPD_PREVALENCE = [0.001, 0.0055, 0.016, 0.044, 0.076, 0.087, 0.076];

/** Anchor spells: HRG bands by age, NCC 2023/24 unit costs (ncc_2023_24.csv), codes of the library's lists. */
export const LIBRARY_SPELLS = {
  stroke: {
    tfc: '328', method: '21', meanLos: 12,
    dx: ['I639', 'I634', 'I635', 'I619', 'I64X'],
    // AA35F…A by rising CC, Non-Elective Inpatient - Long Stay
    hrg: ['AA35F', 'AA35E', 'AA35D', 'AA35C', 'AA35B', 'AA35A'],
    cost: [3609.74, 4203.19, 4948.81, 6136.79, 7510.75, 9481.26],
    procs: null as string | null,
  },
  hipFracture: {
    tfc: '110', method: '21', meanLos: 14,
    dx: ['S720', 'S720', 'S721', 'S722'],
    hrg: ['HT12E', 'HT12D', 'HT12C', 'HT12B', 'HT12A'],
    cost: [10728.0, 11805.18, 13344.47, 14911.04, 18245.7],
    procs: ['W461', 'W471', 'W191', 'W241', 'W381'],
  },
  cataract: {
    tfc: '130', method: '11', meanLos: 0,
    dx: ['H251', 'H259', 'H269'],
    // BZ34C…A, Daycase
    hrg: ['BZ34C', 'BZ34B', 'BZ34A'],
    cost: [1379.96, 1413.05, 1446.84],
    procs: ['C751;C712;Z942', 'C751;C712;Z943'],
  },
};

/** A year of type 2 diabetes care in the generator: reviews coded with a DMTYPE2_COD concept, monthly metformin. */
export const T2DM_CARE = {
  codes: ['44054006', '44054006', '313436004', '1481000119100'],
  reviewsPerYear: 2,
  /** A 28-day supply, about 13 items a year. */
  metformin: RX.metformin,
  /** Share seen by podiatry once a year (assumption). */
  podiatryShare: 0.4,
};

/** A year of COPD care: reviews coded with a COPD_COD concept, a monthly inhaler, and exacerbation admissions. */
export const COPD_CARE = {
  codes: ['13645005', '13645005', '313296004', '313297008', '313299006'],
  reviewsPerYear: 2,
  /** A 28-day supply, about 13 items a year. */
  inhaler: RX.beclometasoneFormoterol,
  /** Share admitted once a year with an exacerbation (J44.1, HRG DZ65H; assumption). */
  exacerbationShare: 0.12,
};

/** Community rehabilitation after a stroke or hip fracture: contacts in the 12 weeks after discharge (assumption). */
export const REHAB_CONTACTS = { stroke: 10, hipFracture: 8 };
