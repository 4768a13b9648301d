// Ordinary least squares from the cross-products: X'X, X'y, y'y and n are summed in DuckDB over the
// observations (a few dozen numbers), and the normal equations are solved here with the Cholesky factor the
// gamma GLM uses. An aliased column (spanned by the earlier ones) gets a coefficient of 0 and no standard error.
import { cholesky, inverseDiagonal, solveCholesky } from './cholesky.ts';

export interface CrossProducts {
  /** X'X, p × p. */
  xtx: readonly (readonly number[])[];
  /** X'y, p. */
  xty: readonly number[];
  /** y'y. */
  yty: number;
  /** Observations. */
  n: number;
}

export interface OlsFit {
  coefficients: number[];
  aliased: boolean[];
  rank: number;
  /** Residual sum of squares, y'y − b'X'y at the solution (never below 0). */
  rss: number;
  /** Residual variance rss ÷ (n − rank); NaN without residual degrees of freedom. */
  sigma2: number;
  /** Standard errors √(σ² (X'X)⁻¹ⱼⱼ); NaN where aliased. */
  stdErrors: number[];
}

export function fitOls({ xtx, xty, yty, n }: CrossProducts): OlsFit {
  const factor = cholesky(xtx);
  const coefficients = solveCholesky(factor, xty);
  const explained = coefficients.reduce((s, b, j) => s + b * xty[j], 0);
  const rss = Math.max(yty - explained, 0);
  const df = n - factor.rank;
  const sigma2 = df > 0 ? rss / df : Number.NaN;
  const stdErrors = inverseDiagonal(factor).map((v) => Math.sqrt(sigma2 * v));
  return { coefficients, aliased: factor.aliased, rank: factor.rank, rss, sigma2, stdErrors };
}
