// Histogram bins that no subtraction can open: adjacent bins are merged until, in every published series
// that shares the bins (the ICB and each provider shown for the same filter), every bin holds no episode or at
// least the threshold. The ICB's bins are the sum of the providers', so the series share one set of merged
// bins: with different merges per series, an ICB bin minus the providers' could split a provider's merged bin.
import { isSmallCount } from '../../schemas/disclosure.ts';

/** A run of adjacent fine bins [first, last] published as one bin. */
export interface MergedBin {
  first: number;
  last: number;
}

/**
 * `series[s][b]` is series s's count in fine bin b (all series have the same bins). Returns the merged bins,
 * covering every fine bin in order. Each series' total must itself be publishable (0 or at least the threshold),
 * else even one bin of everything would be small: the caller hides such a series instead of binning it.
 */
export function mergeBins(series: readonly (readonly number[])[], threshold: number): MergedBin[] {
  const bins = series[0]?.length ?? 0;
  const merged: MergedBin[] = [];
  let first = 0;
  for (let b = 0; b < bins; b++) {
    if (publishable(series, first, b, threshold)) {
      merged.push({ first, last: b });
      first = b + 1;
    }
  }
  // A small remainder at the top end joins the bins below it, as many as it takes.
  while (first < bins) {
    const previous = merged.pop();
    if (previous) first = previous.first;
    if (!previous || publishable(series, first, bins - 1, threshold)) {
      merged.push({ first, last: bins - 1 });
      break;
    }
  }
  return merged;
}

function publishable(series: readonly (readonly number[])[], first: number, last: number, threshold: number): boolean {
  return series.every((counts) => !isSmallCount(sum(counts, first, last), threshold));
}

function sum(counts: readonly number[], first: number, last: number): number {
  let total = 0;
  for (let b = first; b <= last; b++) total += counts[b];
  return total;
}
