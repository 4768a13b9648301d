import type { TableSpec } from '../define.ts';
import { Patients } from './patients.ts';
import { GpAppointments } from './gp-appointments.ts';
import { ApcSpells } from './apc-spells.ts';
import { OpAttendances } from './op-attendances.ts';
import { AeAttendances } from './ae-attendances.ts';
import { CommunityContacts } from './community-contacts.ts';
import { MentalHealthContacts } from './mental-health-contacts.ts';
import { SocialCareServices } from './social-care-services.ts';
import { Prescriptions } from './prescriptions.ts';
import { CostLedger } from './cost-ledger.ts';
import { ProviderMff } from './provider-mff.ts';
import { Proms } from './proms.ts';

export { Patients, GpAppointments, ApcSpells, OpAttendances, AeAttendances, CommunityContacts, MentalHealthContacts, SocialCareServices, Prescriptions, CostLedger, ProviderMff, Proms };

/** Every input feed, in load order (patients first: the others are checked against it). */
export const FEEDS = [Patients, GpAppointments, ApcSpells, OpAttendances, AeAttendances, CommunityContacts, MentalHealthContacts, SocialCareServices, Prescriptions, CostLedger, ProviderMff, Proms] as const;

/**
 * Feeds a build cannot do without: `patients` (every other feed's rows are checked against it: without it all
 * activity is quarantined as unknown_patient) and `apc_spells` (the pathways in pathways/ anchor their episodes on an
 * admitted spell: without it no episode exists). Any other feed may be absent; its cost is then reported as unknown.
 */
export const REQUIRED_FEEDS: readonly FeedName[] = ['patients', 'apc_spells'];

/** Feeds that describe the patients, the providers or outcomes rather than activity. */
export const NON_ACTIVITY_FEEDS: readonly FeedName[] = ['patients', 'cost_ledger', 'provider_mff', 'proms'];

/** Feeds that carry activity (everything except patients, the ledger, the providers' MFF and PROMs). */
export const ACTIVITY_FEEDS: readonly TableSpec[] = FEEDS.filter((f) => !(NON_ACTIVITY_FEEDS as readonly string[]).includes(f.name));

export type FeedName = (typeof FEEDS)[number]['name'];

export function feedByName(name: string): TableSpec | undefined {
  return (FEEDS as readonly TableSpec[]).find((f) => f.name === name);
}
