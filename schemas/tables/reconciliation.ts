import { col, defineTable, required } from '../define.ts';

export const Reconciliation = defineTable({
  name: 'reconciliation',
  description: 'Every input pound accounted for: in = attributed + outside pathways + quarantined (+ non-attributable ledger lines), each summed on its own; a build whose cell differs by more than £0.01 fails (RECONCILIATION_FAILED).',
  grain: 'pathway × feed × provider × month',
  columns: {
    pathway_id: col.string('Pathway.', required),
    feed: col.string('Feed.', required),
    provider_code: col.string('Provider.', required),
    month: col.string('Month (YYYY-MM).', required),
    in_gbp: col.money('Priced cost of every clean row (one pass over all rows, not the attribution) plus the money on quarantined rows.', required),
    attributed_gbp: col.money('Attributed to episodes of the pathway: the in-episode rows of activity_attribution.', required),
    outside_gbp: col.money('Outside every episode window of the pathway, summed independently of the attribution: rows of patients with no episode, and each row of the others less the part of it inside a window (by days, each window\'s part rounded to the penny).', required),
    quarantined_gbp: col.money('Money on quarantined rows (quarantine.cost_gbp).', required),
    non_attributable_gbp: col.money('Provider cost-ledger lines not attributable to patients (block, corporate): rows with feed cost_ledger.', required),
    difference_gbp: col.money('in − attributed − outside − quarantined − non-attributable: 0.00 when it reconciles; over £0.01 fails the build.', required),
    n_patients: col.integer('Patients with activity of the row attributed to an episode of the pathway.'),
    suppressed: col.boolean('True when the API hides the row\'s money (not the difference): 1 to threshold − 1 patients, or another month of the feed × provider hidden with one so that the period total, which other outputs publish, less the shown months gives neither away.'),
  },
});
