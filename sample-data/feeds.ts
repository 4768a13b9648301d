// The activity feeds the generator writes, each with its schema (column names, order and types come from
// schemas/feeds), the persons columns holding its row count and line offset, its SQL and its bad codes.
import type { TableSpec } from '../schemas/define.ts';
import {
  AeAttendances, ApcSpells, CommunityContacts, GpAppointments, MentalHealthContacts, OpAttendances, Prescriptions, SocialCareServices,
} from '../schemas/feeds/index.ts';

export interface ActivityFeed {
  spec: TableSpec;
  /** Suffix of the persons columns n_<key> (background rows) and off_<key> (line offset). */
  key: string;
  /** Mixed into every fault hash so feeds fault independently. */
  feedNo: number;
  /** SQL of the pathway rows (sql/pathway/<feed>.sql), when the feed has any. */
  pathway: boolean;
  /** Column and malformed values for bad_code faults (normalised, they fail the schema's pattern). */
  badCode?: { column: string; values: readonly string[] };
}

export const ACTIVITY: readonly ActivityFeed[] = [
  { spec: GpAppointments, key: 'gp', feedNo: 1, pathway: true, badCode: { column: 'snomed_codes', values: ['0239873007', 'SCT38341003', '12345'] } },
  { spec: ApcSpells, key: 'apc', feedNo: 2, pathway: true, badCode: { column: 'diagnoses', values: ['17M1', 'MI71', 'R1O4'] } },
  { spec: OpAttendances, key: 'op', feedNo: 3, pathway: true, badCode: { column: 'hrg', values: ['WF1A', 'WFO1A', '01WFA'] } },
  { spec: AeAttendances, key: 'ae', feedNo: 4, pathway: true, badCode: { column: 'hrg', values: ['VB1Z', 'VBO9Z', 'V09Z'] } },
  { spec: CommunityContacts, key: 'comm', feedNo: 5, pathway: true },
  { spec: MentalHealthContacts, key: 'mh', feedNo: 6, pathway: false },
  { spec: SocialCareServices, key: 'sc', feedNo: 7, pathway: true },
  { spec: Prescriptions, key: 'rx', feedNo: 8, pathway: true, badCode: { column: 'dmd_code', values: ['0320000005', 'DMD320000005', '3200'] } },
];

export const sqlPath = (...parts: string[]): URL => new URL(`./sql/${parts.join('/')}`, import.meta.url);
