import { col, required } from '../define.ts';
import { careContactFeed } from './care-contact.ts';

export const MentalHealthContacts = careContactFeed({
  name: 'mental_health_contacts',
  description: 'Mental health service care contacts (MHSDS-shaped).',
  provider: 'mental health provider',
  serviceType: col.string('Service or team type (e.g. talking_therapies, community_mental_health).', required),
  staffRole: 'Staff group of the professional.',
});
