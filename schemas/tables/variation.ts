import { col, defineTable, required } from '../define.ts';

/** The cost bases episodes are compared on: the values of `basis` here and in pathway_summary, and of the API's filters. */
export const COMPARISON_BASES = ['actual', 'condition', 'standardised', 'overhead_standardised', 'mff_neutral'] as const;
export type ComparisonBasis = (typeof COMPARISON_BASES)[number];

/** A basis pathway_summary splits by step but providers are not compared on (the steps view's relevance). */
export type SummaryOnlyBasis = 'condition_standardised';

const BASIS_MEANING: Record<ComparisonBasis | SummaryOnlyBasis, string> = {
  actual: 'all-cause cost as the providers costed it',
  condition: 'condition-related actual cost only',
  standardised: 'all-cause cost re-priced at national unit costs',
  overhead_standardised: 'all-cause cost with PLICS overheads replaced by the ICB-wide rate',
  mff_neutral: 'all-cause cost with the money providers supplied divided by their market forces factor',
  condition_standardised: 'condition-related cost re-priced at national unit costs',
};

/** "actual (…), condition (…) or standardised (…)", for descriptions. */
export function describeBases(bases: readonly (ComparisonBasis | SummaryOnlyBasis)[]): string {
  const named = bases.map((b) => `${b} (${BASIS_MEANING[b]})`);
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : named.join('');
}

export const Variation = defineTable({
  name: 'variation',
  description: 'Case-mix adjusted comparison of providers: observed vs expected cost, funnel limits and opportunity.',
  grain: 'pathway × provider × basis × outlier view',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider.', required),
    basis: col.string(`${describeBases(COMPARISON_BASES)}.`, required),
    view: col.string('raw, or winsorised (episode costs capped at the 1st/99th percentile per pathway and year).', required),
    n_episodes: col.integer('Episodes (null when suppressed).'),
    observed_mean_gbp: col.money('Observed mean cost per episode.'),
    expected_mean_gbp: col.money('Expected mean from the ICB case mix (indirect standardisation).'),
    oe_ratio: col.decimal('Observed / expected.'),
    lower_95: col.decimal('Lower 95% funnel limit for O/E.'),
    upper_95: col.decimal('Upper 95% funnel limit for O/E.'),
    lower_998: col.decimal('Lower 99.8% funnel limit for O/E.'),
    upper_998: col.decimal('Upper 99.8% funnel limit for O/E.'),
    outlier: col.string('above_998, above_95, within, below_95, below_998.'),
    target: col.string('Opportunity target: median, lower_quartile or mean (of the providers’ adjusted means).'),
    adjusted_mean_gbp: col.money('Case-mix adjusted mean: O/E × ICB mean.'),
    target_gbp: col.money('The target value (£ per episode).'),
    opportunity_gbp: col.money('(adjusted mean − target) × n for providers above the target, else 0.'),
    suppressed: col.boolean('True when the provider is hidden in pathway_summary (all months, all steps): fewer episodes than the suppression threshold, or a complementary cell.', required),
  },
});
