import { col, defineTable, required } from '../define.ts';
import { ACTIVITY_FEEDS } from '../feeds/index.ts';

/** Where an attributed row falls in its episode: before the anchor, during it, or after it. */
export const PHASES = ['pre', 'anchor', 'post'] as const;

export const ActivityAttribution = defineTable({
  name: 'activity_attribution',
  description: 'Where each activity row’s money went, per pathway: to an episode step, or outside every episode.',
  grain: 'pathway × activity row × episode (one row with empty episode for the part outside episodes)',
  columns: {
    pathway_id: col.string('Pathway (stored as an ENUM of the build’s pathway ids).', required),
    feed: col.enum('Feed of the activity.', ACTIVITY_FEEDS.map((f) => f.name), required),
    source_id: col.string('Source id of the activity.', required),
    patient_id: col.string('Patient.', required),
    episode_id: col.string('Episode, or empty when outside every episode of the pathway.'),
    step: col.string('Step within the episode (empty when outside; stored as an ENUM of the build’s steps).'),
    phase: col.enum('pre, anchor or post (empty when outside).', PHASES),
    condition_related: col.boolean('Matched the pathway’s condition code lists.'),
    is_complication: col.boolean('Readmission within 30 days or post-operative A&E.'),
    share: col.decimal('Fraction of the row’s cost attributed here: spells and care packages prorated by the days inside the window; any other row is an event, counted whole or not at all on the day it ended (an A&E attendance past midnight on its departure day).', required),
    cost_gbp: col.money('Cost attributed here.', required),
    month: col.string('Month of the activity start (YYYY-MM).', required),
    provider_code: col.string('Provider of the activity.', required),
  },
});
