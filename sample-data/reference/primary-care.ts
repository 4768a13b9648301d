// GP appointments and prescribing. Staff mix, modes and DNA rates follow NHS Digital's Appointments in
// General Practice (GPAD) series, rounded; unit costs from PSSRU Unit Costs of Health and Social Care 2024.
import type { AgeGroup } from './hospital.ts';

export const GP_ROLES = [
  { value: { role: 'gp', minutes: [10, 10, 10, 15, 15, 20], costPer10: 45 }, weight: 45 },
  { value: { role: 'nurse', minutes: [10, 15, 15, 20, 30], costPer10: 11.48 }, weight: 30 },
  { value: { role: 'other', minutes: [10, 10, 15], costPer10: 8 }, weight: 13 },
  { value: { role: 'pharmacist', minutes: [15, 20, 30], costPer10: 12 }, weight: 7 },
  { value: { role: 'fcp_physio', minutes: [20, 30, 30], costPer10: 13 }, weight: 5 },
];
/** GPAD: ≈ 67% face to face, ≈ 30% telephone; home visits and video are rare. */
export const GP_MODES = [
  { value: 'face_to_face', weight: 67 },
  { value: 'telephone', weight: 29 },
  { value: 'video', weight: 2 },
  { value: 'home_visit', weight: 2 },
];
/** GPAD: DNA ≈ 4%; cancellations are an assumption. */
export const GP_STATUS = [
  { value: 'attended', weight: 90 },
  { value: 'dna', weight: 4 },
  { value: 'cancelled', weight: 6 },
];
/** Share of appointments with no coded SNOMED CT concept. */
export const GP_UNCODED_SHARE = 0.3;
/** Share of a knee/hip OA patient's appointments coded with the OA concept. */
export const GP_OA_CODED_SHARE = 0.2;

/**
 * SNOMED CT concepts coded at appointments (hypertension, asthma, depression, URTI, UTI…). Type 2 diabetes
 * and COPD are coded only at the reviews of the people library-episodes.sql gives them, so their prevalence is
 * the cited one.
 */
export const GP_SNOMED: Record<AgeGroup, ReadonlyArray<{ value: string; weight: number }>> = {
  child: [
    { value: '54150009', weight: 30 },
    { value: '195967001', weight: 10 },
    { value: '271807003', weight: 12 },
    { value: '386661006', weight: 12 },
    { value: '62315008', weight: 8 },
    { value: '33879002', weight: 20 },
    { value: '185389009', weight: 8 },
  ],
  adult: [
    { value: '38341003', weight: 10 },
    { value: '195967001', weight: 6 },
    { value: '35489007', weight: 9 },
    { value: '197480006', weight: 7 },
    { value: '54150009', weight: 10 },
    { value: '68566005', weight: 6 },
    { value: '279039007', weight: 8 },
    { value: '25064002', weight: 5 },
    { value: '271807003', weight: 5 },
    { value: '84229001', weight: 4 },
    { value: '182836005', weight: 8 },
    { value: '46973005', weight: 6 },
    { value: '185389009', weight: 10 },
  ],
  older: [
    { value: '38341003', weight: 16 },
    { value: '35489007', weight: 4 },
    { value: '68566005', weight: 6 },
    { value: '267036007', weight: 5 },
    { value: '279039007', weight: 5 },
    { value: '84229001', weight: 4 },
    { value: '182836005', weight: 14 },
    { value: '46973005', weight: 10 },
    { value: '33879002', weight: 8 },
    { value: '185389009', weight: 12 },
  ],
};
/** Knee OA 239873007, hip OA 239872002 (codelists.md §6), knee pain 30989003. */
export const SNOMED = { kneeOa: '239873007', hipOa: '239872002', kneePain: '30989003', tkr: '609588000', thr: '52734007' };

export interface RxItem {
  /** BNF presentation code: chemical substance (first 9 characters) from the BNF; the suffix is illustrative. */
  bnf: string;
  /** dm+d-shaped product code: illustrative, in SNOMED CT format, not checked against dm+d. */
  dmd: string;
  name: string;
  quantity: number;
  /** Typical net ingredient cost per item (£; assumption, Drug Tariff-shaped). */
  cost: number;
}

export const RX: Record<string, RxItem> = {
  atorvastatin: { bnf: '0212000B0AAABAB', dmd: '320000005', name: 'Atorvastatin 20mg tablets', quantity: 28, cost: 1.1 },
  amlodipine: { bnf: '0206020A0AAAAAA', dmd: '319283006', name: 'Amlodipine 5mg tablets', quantity: 28, cost: 0.9 },
  ramipril: { bnf: '0205051R0AAAAAA', dmd: '318900006', name: 'Ramipril 5mg capsules', quantity: 28, cost: 1.4 },
  bisoprolol: { bnf: '0204000H0AAAAAA', dmd: '318590006', name: 'Bisoprolol 2.5mg tablets', quantity: 28, cost: 0.9 },
  metformin: { bnf: '0601022B0AAABAB', dmd: '325278007', name: 'Metformin 500mg tablets', quantity: 56, cost: 1.8 },
  omeprazole: { bnf: '0103050P0AAAAAA', dmd: '317335000', name: 'Omeprazole 20mg capsules', quantity: 28, cost: 1.0 },
  paracetamol: { bnf: '0407010H0AAAMAM', dmd: '322236009', name: 'Paracetamol 500mg tablets', quantity: 100, cost: 1.6 },
  cocodamol: { bnf: '0407010F0AAAAAA', dmd: '322281000', name: 'Co-codamol 8mg/500mg tablets', quantity: 100, cost: 2.5 },
  sertraline: { bnf: '0403030Q0AAAAAA', dmd: '321968004', name: 'Sertraline 50mg tablets', quantity: 28, cost: 1.2 },
  levothyroxine: { bnf: '0602010V0AAAAAA', dmd: '325204000', name: 'Levothyroxine 50microgram tablets', quantity: 28, cost: 1.7 },
  salbutamol: { bnf: '0301011R0AAAPAP', dmd: '320151002', name: 'Salbutamol 100micrograms/dose inhaler', quantity: 1, cost: 1.5 },
  beclometasoneFormoterol: { bnf: '0302000C0AABXBX', dmd: '409048007', name: 'Beclometasone/formoterol inhaler', quantity: 1, cost: 29.3 },
  apixaban: { bnf: '0208020Z0AAAAAA', dmd: '703907006', name: 'Apixaban 5mg tablets', quantity: 56, cost: 53.2 },
  rivaroxaban: { bnf: '0208020Y0AAAAAA', dmd: '442031002', name: 'Rivaroxaban 10mg tablets', quantity: 14, cost: 25.2 },
  naproxen: { bnf: '1001010P0AAADAD', dmd: '329676003', name: 'Naproxen 500mg tablets', quantity: 56, cost: 2.5 },
  ibuprofenGel: { bnf: '1003020P0AAAAAA', dmd: '331800004', name: 'Ibuprofen 5% gel', quantity: 100, cost: 3.5 },
  amoxicillin: { bnf: '0501013B0AAABAB', dmd: '323509004', name: 'Amoxicillin 500mg capsules', quantity: 21, cost: 1.5 },
  nitrofurantoin: { bnf: '0501130R0AAAAAA', dmd: '324474008', name: 'Nitrofurantoin 100mg MR capsules', quantity: 6, cost: 6.2 },
  colecalciferol: { bnf: '0906040G0AAAAAA', dmd: '375808005', name: 'Colecalciferol 800unit capsules', quantity: 30, cost: 3.0 },
  aspirin: { bnf: '0209000A0AAAAAA', dmd: '319775004', name: 'Aspirin 75mg dispersible tablets', quantity: 28, cost: 0.8 },
  furosemide: { bnf: '0202020L0AAABAB', dmd: '317972000', name: 'Furosemide 40mg tablets', quantity: 28, cost: 0.9 },
  gabapentin: { bnf: '0408010G0AAAAAA', dmd: '322802009', name: 'Gabapentin 300mg capsules', quantity: 84, cost: 2.5 },
  insulinGlargine: { bnf: '0601012V0AAAAAA', dmd: '411529005', name: 'Insulin glargine 100units/ml pens', quantity: 5, cost: 35.3 },
  emollient: { bnf: '1302011A0AAAAAA', dmd: '330938003', name: 'Emollient cream', quantity: 500, cost: 5.5 },
};

/** Prescribing mix by age group (weights are assumptions; average actual cost ≈ £8–9 an item, NHSBSA-like). */
export const RX_MIX: Record<AgeGroup, ReadonlyArray<{ value: keyof typeof RX; weight: number }>> = {
  child: [
    { value: 'amoxicillin', weight: 30 },
    { value: 'salbutamol', weight: 25 },
    { value: 'paracetamol', weight: 15 },
    { value: 'emollient', weight: 25 },
    { value: 'beclometasoneFormoterol', weight: 5 },
  ],
  adult: [
    { value: 'sertraline', weight: 12 },
    { value: 'omeprazole', weight: 12 },
    { value: 'atorvastatin', weight: 10 },
    { value: 'amlodipine', weight: 8 },
    { value: 'metformin', weight: 8 },
    { value: 'levothyroxine', weight: 7 },
    { value: 'salbutamol', weight: 7 },
    { value: 'beclometasoneFormoterol', weight: 5 },
    { value: 'amoxicillin', weight: 6 },
    { value: 'naproxen', weight: 5 },
    { value: 'cocodamol', weight: 5 },
    { value: 'ramipril', weight: 4 },
    { value: 'gabapentin', weight: 4 },
    { value: 'emollient', weight: 3 },
    { value: 'insulinGlargine', weight: 2 },
    { value: 'apixaban', weight: 2 },
  ],
  older: [
    { value: 'atorvastatin', weight: 14 },
    { value: 'amlodipine', weight: 10 },
    { value: 'omeprazole', weight: 10 },
    { value: 'ramipril', weight: 7 },
    { value: 'bisoprolol', weight: 7 },
    { value: 'metformin', weight: 7 },
    { value: 'aspirin', weight: 5 },
    { value: 'furosemide', weight: 5 },
    { value: 'levothyroxine', weight: 6 },
    { value: 'apixaban', weight: 8 },
    { value: 'paracetamol', weight: 5 },
    { value: 'colecalciferol', weight: 4 },
    { value: 'beclometasoneFormoterol', weight: 4 },
    { value: 'gabapentin', weight: 3 },
    { value: 'insulinGlargine', weight: 2 },
    { value: 'nitrofurantoin', weight: 3 },
  ],
};

/** Items around a knee/hip replacement: analgesia before, VTE prophylaxis and analgesia after (NICE NG89). */
export const RX_PATHWAY = { before: ['naproxen', 'cocodamol', 'ibuprofenGel', 'paracetamol'], after: ['rivaroxaban', 'cocodamol', 'paracetamol'] } as const;
