import { col, defineTable, required } from '../define.ts';
import { type ComparisonBasis, type SummaryOnlyBasis, describeBases } from './variation.ts';

/**
 * The bases split by step and setting: the ICB overhead rate of overhead_standardised applies to episode totals
 * only; condition_standardised is the condition-related part of standardised (the steps view's relevance).
 */
export const SUMMARY_BASES = ['actual', 'standardised', 'condition', 'condition_standardised'] as const satisfies readonly (ComparisonBasis | SummaryOnlyBasis)[];
export type SummaryBasis = (typeof SUMMARY_BASES)[number];

export const PathwaySummary = defineTable({
  name: 'pathway_summary',
  description: 'Distribution of episode cost per pathway × provider (and ICB total) × month, by step and setting. Small numbers suppressed.',
  grain: 'pathway × provider × month × step × setting × basis',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider, or ICB for all providers.', required),
    month: col.string('Anchor month (YYYY-MM), or "all".', required),
    step: col.string('Step, or "all".', required),
    setting: col.string('Setting, or "all".', required),
    basis: col.string(`${describeBases(SUMMARY_BASES)}.`, required),
    n_episodes: col.integer('Episodes (null when suppressed).'),
    n_with_activity: col.integer('Episodes with any activity in this step and setting (condition-related activity for the condition bases); the total is their money.'),
    total_gbp: col.money('Total cost (null when suppressed).'),
    mean_gbp: col.money('Mean cost per episode.'),
    median_gbp: col.money('Median.'),
    p10_gbp: col.money('10th percentile.'),
    p25_gbp: col.money('25th percentile.'),
    p75_gbp: col.money('75th percentile.'),
    p90_gbp: col.money('90th percentile.'),
    suppressed: col.boolean('True when the cell is hidden: fewer episodes than the build\'s suppression threshold in a count it publishes or one worked out from two of them (n_episodes, n_with_activity in any basis, the episodes without activity, the episodes whose activity is none of it condition-related, the episodes with activity that is not, whose money is the actual total less the condition one), or a complementary cell hidden so that no hidden cell can be worked out from the published margins (ICB, all months, all steps, all settings).', required),
  },
});
