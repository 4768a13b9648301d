import { col, defineTable, required } from '../define.ts';
import type { EpisodeFlag } from './episode.ts';

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

/** Statistics of the shown providers' adjusted means that a target can be; a target can also be an amount (£ per episode). */
export const TARGET_STATISTICS = ['median', 'lower_quartile', 'mean'] as const;
export type TargetStatistic = (typeof TARGET_STATISTICS)[number];
/** The opportunity target: a statistic of the providers, or a fixed amount in £ per episode. */
export type ComparisonTarget = TargetStatistic | { gbp: number };
export const DEFAULT_TARGET: ComparisonTarget = 'median';

/** How a target is written on the command line and in the API: a statistic's name or an amount in pounds (e.g. 9500 or 9500.50). */
export const TARGET_PATTERN = /^(median|lower_quartile|mean|£?\d{1,9}(\.\d{1,2})?)$/;

/** The target a text names, or undefined when it names none (the caller says what to write). */
export function parseTarget(text: string): ComparisonTarget | undefined {
  const trimmed = text.trim();
  if (!TARGET_PATTERN.test(trimmed)) return undefined;
  if ((TARGET_STATISTICS as readonly string[]).includes(trimmed)) return trimmed as TargetStatistic;
  return { gbp: Number(trimmed.replace('£', '')) };
}

/** The target's name as published in variation.target: the statistic, or 'amount' (target_gbp holds it). */
export function targetName(target: ComparisonTarget): TargetStatistic | 'amount' {
  return typeof target === 'string' ? target : 'amount';
}

/**
 * Episodes left out of the provider comparison. A provisional episode's window is not yet covered, so its cost is
 * still growing; a death in the window cuts the pathway short; a same-spell bilateral operation is two procedures'
 * cost in one episode. Each is counted (comparison_exclusion) under the first reason that applies: provisional,
 * then the flags in this order. `bilateral_same_spell` is set by stage 5 where the data show it.
 */
export interface ComparisonExclusions {
  provisional: boolean;
  /** Flags leaving an episode out, in order (the first carried is its reason): every pathway's unless listed below. */
  flags: readonly EpisodeFlag[];
  /** Per pathway, from its definition's comparison.exclude_flags. */
  byPathway?: Readonly<Record<string, readonly EpisodeFlag[]>>;
}
export const DEFAULT_COMPARISON_EXCLUSIONS: ComparisonExclusions = { provisional: true, flags: ['died_in_window', 'bilateral_same_spell'] };

/**
 * The case-mix predictors of the expected-cost model, each a factor; a missing value is its own level, `unknown`,
 * so no episode leaves the comparison for a missing stratum.
 */
export const CASEMIX_PREDICTORS = {
  age_band: 'age band at admission',
  sex: 'sex (1, 2, 9)',
  imd_quintile: 'IMD quintile',
  complication_band: 'complication band from the anchor HRG split',
  bilateral: 'yes for a same-spell bilateral operation (flag bilateral_same_spell), else no',
  year: 'financial year of the anchor',
} as const;
export type CasemixPredictor = keyof typeof CASEMIX_PREDICTORS;

/** How expected cost was worked out. */
export const EXPECTED_METHODS = {
  gamma_glm: 'a gamma GLM with log link on the case-mix predictors, fitted on the ICB’s compared episodes (casemix_model), scaled so the ICB’s expected total is its observed total',
  stratified: 'indirect standardisation by strata (age band × sex × complication band × IMD quintile × bilateral × year; strata under 10 episodes pooled into their complication band, then the pathway), scaled likewise: used when the model cannot be fitted (casemix_model says why)',
} as const;
export type ExpectedMethod = keyof typeof EXPECTED_METHODS;

/**
 * Overdispersion is estimated only from this many shown providers: winsorising 10% at each end acts on a
 * provider only from ten, and with fewer one outlier sets φ and widens the limits until it is inside them.
 */
export const OVERDISPERSION_MIN_PROVIDERS = 10;

/** How the funnel limits were drawn. */
export const LIMITS_METHODS = {
  normal: `normal approximation: 1 ± z × se, with se = √(v Σe²) / Σe and v the variance of cost / expected per episode (also where fewer than ${OVERDISPERSION_MIN_PROVIDERS} providers are shown, too few to estimate overdispersion from)`,
  multiplicative_overdispersion: `normal approximation widened by √φ: φ is the mean square of the shown providers’ z-scores, winsorised at their 10th and 90th percentiles (Spiegelhalter 2005, Stat Med 24:1185), used when ${OVERDISPERSION_MIN_PROVIDERS} or more providers are shown and the χ² test on it shows overdispersion at 5%`,
} as const;
export type LimitsMethod = keyof typeof LIMITS_METHODS;

const meanings = (m: Record<string, string>) => Object.entries(m).map(([name, meaning]) => `${name} (${meaning})`).join('; ');

export const Variation = defineTable({
  name: 'variation',
  description: 'Case-mix adjusted comparison of providers: observed vs expected cost, funnel limits and opportunity.',
  grain: 'pathway × provider × basis × outlier view',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider.', required),
    basis: col.string(`${describeBases(COMPARISON_BASES)}.`, required),
    view: col.string('raw, or winsorised (episode costs capped at the 1st/99th percentile per pathway and year).', required),
    n_episodes: col.integer('Compared episodes (null when suppressed): the provider’s episodes less those left out of the comparison (comparison_exclusion).'),
    observed_mean_gbp: col.money('Observed mean cost per compared episode, at the comparison’s price year.'),
    expected_mean_gbp: col.money('Expected mean cost of the provider’s episodes at the ICB’s cost for their case mix (expected_method).'),
    oe_ratio: col.decimal('Observed / expected.'),
    z_score: col.decimal('(O/E − 1) / se: the standardised Pearson residual the overdispersion is estimated from (limits_method).'),
    lower_95: col.decimal('Lower 95% funnel limit for O/E (never below 0).'),
    upper_95: col.decimal('Upper 95% funnel limit for O/E.'),
    lower_998: col.decimal('Lower 99.8% funnel limit for O/E (never below 0).'),
    upper_998: col.decimal('Upper 99.8% funnel limit for O/E.'),
    outlier: col.string('above_998, above_95, within, below_95, below_998.'),
    expected_method: col.enum(`How expected cost was worked out: ${meanings(EXPECTED_METHODS)}.`, Object.keys(EXPECTED_METHODS)),
    limits_method: col.enum(`How the funnel limits were drawn: ${meanings(LIMITS_METHODS)}.`, Object.keys(LIMITS_METHODS)),
    overdispersion: col.decimal('φ, the factor the limits’ variance was multiplied by (1 when limits_method is normal).'),
    price_year: col.string('Financial year whose prices every £ of the comparison is in: the build’s --price-year, else the latest anchor year, episodes anchored in other years restated with the NHS cost inflation index; null when the index lacks one of the years (each episode then stays in its own year’s prices).'),
    target: col.string('Opportunity target: median, lower_quartile or mean of the shown providers’ adjusted means, or amount (a £ figure the user gave).'),
    adjusted_mean_gbp: col.money('Case-mix adjusted mean: O/E × the ICB’s mean (the provider’s cost at the ICB’s case mix).'),
    target_gbp: col.money('The target value (£ per episode), from the adjusted means as published (to the penny).'),
    opportunity_gbp: col.money('What the provider would spend less at the target: n × observed mean × (1 − target / adjusted mean) for providers above the target, else 0.'),
    suppressed: col.boolean('True when the provider is hidden in pathway_summary (all months, all steps), or its compared episodes or its episodes left out of the comparison (its summary count less its compared count) number 1 to the threshold − 1, or it is hidden so that such a count cannot be worked out.', required),
  },
});
