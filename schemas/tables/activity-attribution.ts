import { col, defineTable, required } from '../define.ts';

export const ActivityAttribution = defineTable({
  name: 'activity_attribution',
  description: 'Where each activity row’s money went, per pathway: to an episode step, or outside every episode.',
  grain: 'pathway × activity row × episode (one row with empty episode for the part outside episodes)',
  columns: {
    pathway_id: col.string('Pathway.', required),
    feed: col.string('Feed of the activity.', required),
    source_id: col.string('Source id of the activity.', required),
    patient_id: col.string('Patient.', required),
    episode_id: col.string('Episode, or empty when outside every episode of the pathway.'),
    step: col.string('Step within the episode (empty when outside).'),
    phase: col.string('pre, anchor or post.'),
    condition_related: col.boolean('Matched the pathway’s condition code lists.'),
    is_complication: col.boolean('Readmission within 30 days or post-operative A&E.'),
    share: col.decimal('Fraction of the row’s cost attributed here (spans prorated by days).', required),
    cost_gbp: col.money('Cost attributed here.', required),
    month: col.string('Month of the activity start (YYYY-MM).', required),
    provider_code: col.string('Provider of the activity.', required),
  },
});
