// Community health, mental health and adult social care. Health unit costs: NCC 2024/25 'Community Health
// Service', 'Mental Health Care Contact' and 'NHS Talking Therapy Care Contact' (ncc_2024_25.csv). Social care
// prices are assumptions of the size PSSRU and LA fee surveys report for 2024/25; they are marked as such.
import type { AgeGroup } from './hospital.ts';

export interface Service {
  service: string;
  role: string;
  /** NCC unit cost per contact (£). */
  cost: number;
  minutes: readonly number[];
  /** Share of contacts at home. */
  home: number;
}

export const COMMUNITY_SERVICES: Record<string, Service> = {
  physiotherapy: { service: 'physiotherapy', role: 'physiotherapist', cost: 79.06, minutes: [30, 30, 45, 45, 60], home: 0.1 },
  msk_triage: { service: 'msk_triage', role: 'physiotherapist', cost: 79.06, minutes: [20, 30, 30], home: 0 },
  occupational_therapy: { service: 'occupational_therapy', role: 'occupational_therapist', cost: 132.7, minutes: [45, 60, 60, 90], home: 0.6 },
  district_nursing: { service: 'district_nursing', role: 'district_nurse', cost: 59.65, minutes: [15, 20, 20, 30, 45], home: 0.9 },
  intermediate_care: { service: 'intermediate_care', role: 'support_worker', cost: 114.89, minutes: [30, 45, 60], home: 0.8 },
  podiatry: { service: 'podiatry', role: 'podiatrist', cost: 76.83, minutes: [20, 30, 30], home: 0.1 },
  other: { service: 'other', role: 'nurse', cost: 80.43, minutes: [15, 30, 45, 60], home: 0.3 },
};

export const COMMUNITY_MIX: Record<AgeGroup, ReadonlyArray<{ value: string; weight: number }>> = {
  child: [
    { value: 'other', weight: 70 },
    { value: 'physiotherapy', weight: 15 },
    { value: 'occupational_therapy', weight: 10 },
    { value: 'podiatry', weight: 5 },
  ],
  adult: [
    { value: 'physiotherapy', weight: 32 },
    { value: 'msk_triage', weight: 14 },
    { value: 'podiatry', weight: 15 },
    { value: 'district_nursing', weight: 12 },
    { value: 'occupational_therapy', weight: 5 },
    { value: 'other', weight: 22 },
  ],
  older: [
    { value: 'district_nursing', weight: 45 },
    { value: 'physiotherapy', weight: 14 },
    { value: 'podiatry', weight: 15 },
    { value: 'occupational_therapy', weight: 9 },
    { value: 'intermediate_care', weight: 7 },
    { value: 'msk_triage', weight: 3 },
    { value: 'other', weight: 7 },
  ],
};

/** Care contacts: attended, DNA, cancelled (CSDS-shaped; assumption). */
export const CONTACT_STATUS = [
  { value: 'attended', weight: 89 },
  { value: 'dna', weight: 5 },
  { value: 'cancelled', weight: 6 },
];
export const REMOTE_MODES = [
  { value: 'face_to_face', weight: 70 },
  { value: 'telephone', weight: 24 },
  { value: 'video', weight: 6 },
];

export const MH_SERVICES: Record<string, Service> = {
  talking_therapies: { service: 'talking_therapies', role: 'psychological_wellbeing_practitioner', cost: 173.55, minutes: [30, 45, 60, 60], home: 0 },
  community_mental_health: { service: 'community_mental_health', role: 'mental_health_nurse', cost: 278.91, minutes: [30, 45, 60], home: 0.3 },
  crisis_resolution: { service: 'crisis_resolution', role: 'mental_health_nurse', cost: 356.83, minutes: [45, 60, 90], home: 0.6 },
  memory_assessment: { service: 'memory_assessment', role: 'psychiatrist', cost: 252.5, minutes: [45, 60, 90], home: 0.2 },
  early_intervention_psychosis: { service: 'early_intervention_psychosis', role: 'care_coordinator', cost: 314.44, minutes: [30, 60], home: 0.4 },
  eating_disorders: { service: 'eating_disorders', role: 'clinical_psychologist', cost: 331.3, minutes: [50, 60], home: 0 },
  children_young_people: { service: 'children_young_people', role: 'clinical_psychologist', cost: 355.25, minutes: [45, 60], home: 0.1 },
  psychiatric_liaison: { service: 'psychiatric_liaison', role: 'psychiatrist', cost: 346.01, minutes: [30, 45, 60], home: 0 },
};
export const MH_MIX: Record<AgeGroup, ReadonlyArray<{ value: string; weight: number }>> = {
  child: [
    { value: 'children_young_people', weight: 70 },
    { value: 'eating_disorders', weight: 15 },
    { value: 'talking_therapies', weight: 15 },
  ],
  adult: [
    { value: 'talking_therapies', weight: 55 },
    { value: 'community_mental_health', weight: 28 },
    { value: 'crisis_resolution', weight: 6 },
    { value: 'early_intervention_psychosis', weight: 5 },
    { value: 'psychiatric_liaison', weight: 4 },
    { value: 'eating_disorders', weight: 2 },
  ],
  older: [
    { value: 'memory_assessment', weight: 40 },
    { value: 'community_mental_health', weight: 30 },
    { value: 'talking_therapies', weight: 20 },
    { value: 'psychiatric_liaison', weight: 10 },
  ],
};
export const MH_STATUS = [
  { value: 'attended', weight: 85 },
  { value: 'dna', weight: 10 },
  { value: 'cancelled', weight: 5 },
];

export interface CareService {
  type: string;
  frequency: 'hour' | 'day' | 'week' | 'one_off';
  /** Unit cost range (£ per frequency unit; assumption). */
  cost: readonly [number, number];
  /** Planned units per week range, or null (one-off). */
  units: readonly [number, number] | null;
  /** Mean duration in days; null = usually ongoing. */
  meanDays: number | null;
  reason: string;
}

/** ASC CLD-shaped services: home care ≈ £30/hour, residential ≈ £1,100/week, nursing ≈ £1,300/week (assumptions). */
export const CARE_SERVICES: Record<string, CareService> = {
  home_care: { type: 'home_care', frequency: 'hour', cost: [26, 34], units: [5, 24], meanDays: 240, reason: 'Physical Support: Personal care support' },
  reablement: { type: 'reablement', frequency: 'hour', cost: [28, 36], units: [5, 12], meanDays: 35, reason: 'Physical Support: Personal care support' },
  residential: { type: 'residential', frequency: 'week', cost: [900, 1300], units: [1, 1], meanDays: null, reason: 'Support with Memory and Cognition' },
  nursing: { type: 'nursing', frequency: 'week', cost: [1100, 1500], units: [1, 1], meanDays: null, reason: 'Physical Support: Personal care support' },
  day_care: { type: 'day_care', frequency: 'day', cost: [50, 90], units: [1, 3], meanDays: 300, reason: 'Social Support: Support for Social Isolation/Other' },
  equipment: { type: 'equipment', frequency: 'one_off', cost: [80, 800], units: null, meanDays: 1, reason: 'Physical Support: Access and mobility only' },
  direct_payment: { type: 'direct_payment', frequency: 'week', cost: [200, 600], units: [1, 1], meanDays: 365, reason: 'Learning Disability Support' },
};
export const CARE_MIX: Record<'adult' | 'older', ReadonlyArray<{ value: string; weight: number }>> = {
  adult: [
    { value: 'direct_payment', weight: 30 },
    { value: 'day_care', weight: 25 },
    { value: 'home_care', weight: 25 },
    { value: 'residential', weight: 10 },
    { value: 'equipment', weight: 10 },
  ],
  older: [
    { value: 'home_care', weight: 45 },
    { value: 'residential', weight: 12 },
    { value: 'nursing', weight: 8 },
    { value: 'day_care', weight: 8 },
    { value: 'equipment', weight: 15 },
    { value: 'direct_payment', weight: 7 },
    { value: 'reablement', weight: 5 },
  ],
};
/** Reablement after a replacement: weekly block price or hourly, 4–6 weeks (assumption). */
export const REABLEMENT_WEEKLY = { cost: [220, 320] as const, weeks: [4, 6] as const, weeklyShare: 0.5 };
