// Which tables hold which cost basis. pathway_summary (and /api/steps) split actual, standardised and
// condition-related cost by step; the ICB overhead rate of overhead_standardised applies to episode totals only,
// so views built on the summary show actual cost then, and say so.
export const BASIS_WORDS = {
  actual: 'actual',
  standardised: 'standardised',
  condition: 'condition-related',
  overhead_standardised: 'overhead-standardised',
};

/** The summary basis for the page's basis, and the note when it is not the one asked for. */
export function summaryBasis(basis) {
  if (basis === 'overhead_standardised') return { basis: 'actual', note: 'Overhead-standardised cost exists for whole episodes only (the ICB rate is not split by step), so this shows actual cost.' };
  return { basis, note: '' };
}

/** /api/steps parameters for the page's basis. */
export function stepsBasis(basis) {
  if (basis === 'condition') return { basis: 'actual', relevance: 'condition', note: '' };
  const { basis: b, note } = summaryBasis(basis);
  return { basis: b, relevance: 'all', note };
}
