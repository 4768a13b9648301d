// Small-number suppression: the one threshold every published aggregate is held to. A count (episodes,
// patients, rows) from 1 to threshold − 1 is never published, nor anything from which it could be worked out.
// The build takes it (`--suppress`), records it in the manifest, and the API, page and report read it there.
import { z } from 'zod';

/** Smallest count published. 8 is the NHS rule "suppress 1–7" (HES and NCC publications). */
export const DEFAULT_SUPPRESSION_THRESHOLD = 8;

export const SuppressionThreshold = z
  .number()
  .int()
  .min(2, 'must be at least 2: a threshold of 1 suppresses nothing')
  .max(1000)
  .describe('Smallest count published: counts from 1 to this − 1 are suppressed, with complementary cells.');

/** True for a count that may not be published: 1 … threshold − 1 (a zero is no one). */
export function isSmallCount(n: number, threshold: number): boolean {
  return n >= 1 && n < threshold;
}

/** The same test as SQL over a column or expression and a bound threshold parameter. */
export function smallCountSql(expr: string, thresholdParam: string): string {
  return `(${expr} >= 1 and ${expr} < ${thresholdParam})`;
}

/** Words for the page, report and API docs. */
export function suppressionRule(threshold: number): string {
  return `fewer than ${threshold} episodes`;
}
