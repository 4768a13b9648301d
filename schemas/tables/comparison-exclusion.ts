import { col, defineTable, required } from '../define.ts';

export const ComparisonExclusion = defineTable({
  name: 'comparison_exclusion',
  description:
    'How many of each pathway’s episodes the provider comparison (variation) takes, and how many it leaves out and why: ' +
    'an episode with several reasons is counted under the first (provisional, then the flags in the order the build lists them). ' +
    'The rows add up to the pathway’s episodes (pathway_summary, ICB, all months).',
  grain: 'pathway × reason',
  columns: {
    pathway_id: col.string('Pathway.', required),
    reason: col.string('compared, provisional (the window is not yet covered), or the episode flag that left it out (e.g. died_in_window, bilateral_same_spell).', required),
    n_episodes: col.integer('Episodes (null when suppressed).'),
    suppressed: col.boolean('True when the count is 1 to the suppression threshold − 1, or hidden so that such a count cannot be worked out.', required),
  },
});
