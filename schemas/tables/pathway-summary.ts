import { col, defineTable, required } from '../define.ts';
import { type ComparisonBasis, describeBases } from './variation.ts';

/** The bases split by step and setting: the ICB overhead rate of overhead_standardised applies to episode totals only. */
export const SUMMARY_BASES = ['actual', 'standardised', 'condition'] as const satisfies readonly ComparisonBasis[];
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
    total_gbp: col.money('Total cost (null when suppressed).'),
    mean_gbp: col.money('Mean cost per episode.'),
    median_gbp: col.money('Median.'),
    p10_gbp: col.money('10th percentile.'),
    p25_gbp: col.money('25th percentile.'),
    p75_gbp: col.money('75th percentile.'),
    p90_gbp: col.money('90th percentile.'),
    suppressed: col.boolean('True when counts of 1–7 (or a complementary cell) are hidden.', required),
  },
});
