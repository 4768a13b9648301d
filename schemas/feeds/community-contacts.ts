import { col, required } from '../define.ts';
import { careContactFeed } from './care-contact.ts';

export { CONTACT_MODES, CONTACT_STATUSES } from './care-contact.ts';
export const COMMUNITY_SERVICES = ['physiotherapy', 'occupational_therapy', 'district_nursing', 'intermediate_care', 'msk_triage', 'podiatry', 'other'] as const;

export const CommunityContacts = careContactFeed({
  name: 'community_contacts',
  description: 'Community health service care contacts (CSDS-shaped).',
  provider: 'community provider',
  serviceType: col.enum('Service or team type.', COMMUNITY_SERVICES, required),
  staffRole: 'Staff group of the professional (e.g. physiotherapist, nurse).',
});
