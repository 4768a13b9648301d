// The opportunity target and the saving above it, from the providers' adjusted means as published (to the
// penny). The build, the report and the API each work it out with these expressions, so a target chosen after
// the build gives exactly what a build with that target would have published.
import { type ComparisonTarget, TARGET_STATISTICS, parseTarget, targetName } from '../../../schemas/tables/variation.ts';
import { PathcostError } from '../../errors.ts';

/** The target a command-line value names, or a BAD_OPTION error saying what to write. */
export function comparisonTarget(text: string): ComparisonTarget {
  const target = parseTarget(text);
  if (target === undefined) {
    throw new PathcostError('BAD_OPTION', `--target "${text}" is not a target.`, `Give ${TARGET_STATISTICS.join(', ')}, or an amount in £ per episode such as 9500 or 9500.50.`);
  }
  return target;
}

/** $target (the statistic, or 'amount') and $target_gbp (the amount, else null) for the SQL below. */
export function targetParams(target: ComparisonTarget): { target: string; target_gbp: number | null } {
  return { target: targetName(target), target_gbp: typeof target === 'string' ? null : target.gbp };
}

/**
 * Aggregate over the shown providers of one pathway × basis × view: the target in £, to the penny. Over shown
 * providers only: over all of them it would give a lone hidden provider's adjusted mean away.
 */
export function targetSql(adjusted: string): string {
  // At six decimals, then rounded half up: a median or quartile of pennies in DECIMAL(18,2) would be truncated
  // (the median of £1,000.00 and £1,000.03 is £1,000.015: £1,000.02, not £1,000.01).
  const x = `(${adjusted})::decimal(38, 6)`;
  return `round(case $target when 'median' then median(${x}) when 'lower_quartile' then quantile_cont(${x}, 0.25)
    when 'mean' then sum(${x}) / count(${x}) else $target_gbp::decimal(18, 2) end, 2)::decimal(18, 2)`;
}

/**
 * What the provider would spend less if its case-mix adjusted mean came down to the target: its own spend (n ×
 * observed mean) × (1 − target / adjusted mean). Not (adjusted − target) × n: the adjusted mean is at the ICB's
 * case mix, so that would understate a provider with complex patients and overstate one with simple ones. Only
 * providers above the target contribute, and only down to it: never "everyone reaches the best".
 */
export function opportunitySql(columns: { adjusted: string; target: string; n: string; observedMean: string }): string {
  const { adjusted, target, n, observedMean } = columns;
  return `round(case when ${adjusted} > ${target} then ${n} * ${observedMean}::double * (1 - ${target}::double / ${adjusted}::double) else 0 end, 2)`;
}
