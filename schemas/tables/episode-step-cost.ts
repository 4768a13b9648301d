import { col, defineTable, required } from '../define.ts';

export const EpisodeStepCost = defineTable({
  name: 'episode_step_cost',
  description: 'Cost breakdown of each episode by step, setting, provider, resource and cost basis — money and units.',
  grain: 'episode × step × setting × provider × resource × cost_basis',
  columns: {
    episode_id: col.string('Episode.', required),
    pathway_id: col.string('Pathway.', required),
    month: col.string('Anchor month of the episode (YYYY-MM), the partition key.', required),
    step: col.string('Pathway step (from the definition, or other_<setting>).', required),
    setting: col.string('Care setting.', required),
    provider_code: col.string('Provider that delivered the activity.', required),
    resource: col.string('Resource: staff, theatre, ward, drugs, devices, diagnostics, overheads (PLICS split) or total.', required),
    cost_basis: col.string('How the cost was arrived at.', required),
    condition_related: col.boolean('Whether the activity matched the pathway’s condition code lists.', required),
    cost_gbp: col.money('Attributed cost (actual basis).', required),
    standardised_cost_gbp: col.money('Attributed cost at national unit costs.', required),
    units: col.decimal('Physical units attributed (see unit).', required),
    unit: col.string('Unit of the units column.', required),
    activities: col.integer('Number of activity rows (or part rows) contributing.', required),
  },
});
