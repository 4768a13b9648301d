// A gamma GLM with log link on factors, fitted by IRLS on cells (one combination of levels each). For factors
// the cells' counts and sums are sufficient: every episode of a cell has the same linear predictor, the gamma
// working weight under a log link is 1, and the working response enters the normal equations only through the
// cell's sum of costs. So X'WX is Σ n_c x_c x_c' (the same at every iteration, factored once) and X'Wz is
// Σ n_c x_c (η_c + (ȳ_c − μ_c) / μ_c). Σ y² gives the Pearson dispersion and Σ log y the deviance.
import { type Cholesky, cholesky, inverseDiagonal, solveCholesky } from './cholesky.ts';

/** Positive costs of one cell: `levels` holds one level per predictor, in the predictors' order. */
export interface GlmCell {
  levels: readonly string[];
  n: number;
  sum: number;
  sumSquares: number;
  sumLogs: number;
}

export interface Coefficient {
  predictor: string;
  /** null for the intercept. */
  level: string | null;
  status: 'intercept' | 'reference' | 'estimated' | 'aliased';
  estimate: number;
  stdError: number | null;
  /** Episodes with this level (all of them for the intercept). */
  n: number;
}

export interface GlmFit {
  coefficients: Coefficient[];
  iterations: number;
  deviance: number;
  nullDeviance: number;
  /** Pearson χ² / (n − rank); NaN when no degree of freedom is left. */
  dispersion: number;
  rank: number;
  /** Fitted mean for a combination of levels; a level the fit did not see counts as its reference. */
  predict: (levels: readonly string[]) => number;
}

export type GlmResult = ({ ok: true } & GlmFit) | { ok: false; reason: string };

/**
 * Settled when the deviance's relative change is below CONVERGENCE (R's glm stops at 1e-8) and no coefficient
 * moved more than COEFFICIENT_STEP: tighter than R, so coefficients agree with another fit to many decimals.
 */
export const CONVERGENCE = 1e-12;
export const COEFFICIENT_STEP = 1e-10;
export const MAX_ITERATIONS = 100;
const MAX_HALVINGS = 30;

interface Design {
  /** Column of each predictor's levels; the reference level has none. */
  columns: Map<string, number>[];
  terms: Coefficient[];
  /** Per cell, the columns that are 1 (the intercept first). */
  rows: number[][];
  p: number;
}

/** A missing value's level: never the reference while another level exists (a coefficient against "unknown" explains nothing). */
export const UNKNOWN_LEVEL = 'unknown';

/** Treatment coding: each predictor's commonest known level (ties by name) is its reference. */
function design(predictors: readonly string[], cells: readonly GlmCell[]): Design {
  const total = cells.reduce((s, c) => s + c.n, 0);
  const terms: Coefficient[] = [{ predictor: '(intercept)', level: null, status: 'intercept', estimate: 0, stdError: null, n: total }];
  const columns = predictors.map((_, k) => {
    const counts = new Map<string, number>();
    for (const c of cells) counts.set(c.levels[k], (counts.get(c.levels[k]) ?? 0) + c.n);
    const levels = [...counts].sort(([a, na], [b, nb]) => Number(a === UNKNOWN_LEVEL) - Number(b === UNKNOWN_LEVEL) || nb - na || (a < b ? -1 : a > b ? 1 : 0));
    const map = new Map<string, number>();
    levels.forEach(([level, n], i) => {
      if (i > 0) map.set(level, terms.length);
      terms.push({ predictor: predictors[k], level, status: i === 0 ? 'reference' : 'estimated', estimate: 0, stdError: null, n });
    });
    return map;
  });
  // the reference rows take no column: renumber the estimated terms' columns 1…p−1
  const columnOfTerm = new Map<number, number>();
  terms.forEach((t, i) => { if (t.status !== 'reference') columnOfTerm.set(i, columnOfTerm.size); });
  for (const map of columns) for (const [level, term] of map) map.set(level, columnOfTerm.get(term)!);
  const rows = cells.map((c) => [0, ...predictors.flatMap((_, k) => (columns[k].has(c.levels[k]) ? [columns[k].get(c.levels[k])!] : []))]);
  return { columns, terms, rows, p: columnOfTerm.size };
}

function crossProduct(d: Design, cells: readonly GlmCell[]): number[][] {
  const a = Array.from({ length: d.p }, () => new Array<number>(d.p).fill(0));
  d.rows.forEach((row, c) => {
    for (const i of row) for (const j of row) a[i][j] += cells[c].n;
  });
  return a;
}

function linearPredictors(d: Design, beta: readonly number[]): number[] {
  return d.rows.map((row) => row.reduce((s, j) => s + beta[j], 0));
}

/** Gamma deviance from cell sums: 2 Σ_c [n log μ − Σ log y + Σ y / μ − n]. */
function deviance(cells: readonly GlmCell[], mu: readonly number[]): number {
  return 2 * cells.reduce((s, c, i) => s + c.n * Math.log(mu[i]) - c.sumLogs + c.sum / mu[i] - c.n, 0);
}

/** Pearson χ² from cell sums: Σ_c [Σ y² / μ² − 2 Σ y / μ + n]. */
function pearson(cells: readonly GlmCell[], mu: readonly number[]): number {
  return cells.reduce((s, c, i) => s + c.sumSquares / mu[i] ** 2 - (2 * c.sum) / mu[i] + c.n, 0);
}

export function fitGammaLog(predictors: readonly string[], cells: readonly GlmCell[]): GlmResult {
  const live = cells.filter((c) => c.n > 0);
  if (live.length === 0) return { ok: false, reason: 'no episode with a cost above 0' };
  if (live.some((c) => !(c.sum > 0))) return { ok: false, reason: 'a cell with episodes but no positive cost' };
  const d = design(predictors, live);
  const factor = cholesky(crossProduct(d, live));
  const iterate = irls(d, live, factor);
  if (!iterate.ok) return iterate;
  const { beta, mu, iterations, dev } = iterate;
  const n = live.reduce((s, c) => s + c.n, 0);
  // Σy²/μ² − 2Σy/μ + n cancels to about −1e-16 when every cost equals its mean: a spread of 0, not −0 or NaN.
  const dispersion = n > factor.rank ? Math.max(pearson(live, mu), 0) / (n - factor.rank) : Number.NaN;
  const variances = inverseDiagonal(factor);
  const columnOfTerm = (t: Coefficient): number | undefined =>
    t.status === 'intercept' ? 0 : t.status === 'reference' ? undefined : d.columns[predictors.indexOf(t.predictor)].get(t.level!);
  const coefficients = d.terms.map((t): Coefficient => {
    const j = columnOfTerm(t);
    if (j === undefined) return t;
    if (factor.aliased[j]) return { ...t, status: 'aliased' };
    return { ...t, estimate: beta[j], stdError: Number.isFinite(dispersion) ? Math.sqrt(dispersion * variances[j]) : null };
  });
  const overall = live.reduce((s, c) => s + c.sum, 0) / n;
  const nullDeviance = deviance(live, live.map(() => overall));
  const predict = (levels: readonly string[]) => Math.exp(beta[0] + predictors.reduce((s, _, k) => s + (d.columns[k].has(levels[k]) ? beta[d.columns[k].get(levels[k])!] : 0), 0));
  return { ok: true, coefficients, iterations, deviance: dev, nullDeviance, dispersion, rank: factor.rank, predict };
}

type Iterated = { ok: true; beta: number[]; mu: number[]; iterations: number; dev: number } | { ok: false; reason: string };

/** Fisher scoring from μ = each cell's mean; a step that raises the deviance (or leaves it undefined) is halved. */
function irls(d: Design, cells: readonly GlmCell[], factor: Cholesky): Iterated {
  let eta = cells.map((c) => Math.log(c.sum / c.n));
  let mu = eta.map(Math.exp);
  let beta = new Array<number>(d.p).fill(0);
  let dev = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const rhs = new Array<number>(d.p).fill(0);
    d.rows.forEach((row, c) => {
      const z = cells[c].n * (eta[c] + (cells[c].sum / cells[c].n - mu[c]) / mu[c]);
      for (const j of row) rhs[j] += z;
    });
    let next = solveCholesky(factor, rhs);
    let nextEta = linearPredictors(d, next);
    let nextDev = deviance(cells, nextEta.map(Math.exp));
    // a rise within the deviance's rounding is no rise: halving on it would stop the iteration short
    for (let h = 0; iteration > 1 && !(nextDev <= dev + CONVERGENCE * (Math.abs(dev) + 0.1)) && h < MAX_HALVINGS; h++) {
      next = next.map((b, j) => (b + beta[j]) / 2);
      nextEta = linearPredictors(d, next);
      nextDev = deviance(cells, nextEta.map(Math.exp));
    }
    if (!Number.isFinite(nextDev)) return { ok: false, reason: `the deviance was not finite at iteration ${iteration}` };
    const settled = Math.abs(nextDev - dev) / (Math.abs(nextDev) + 0.1) < CONVERGENCE && next.every((b, j) => Math.abs(b - beta[j]) < COEFFICIENT_STEP);
    [beta, eta, mu, dev] = [next, nextEta, nextEta.map(Math.exp), nextDev];
    if (settled) return { ok: true, beta, mu, iterations: iteration, dev };
  }
  return { ok: false, reason: `IRLS did not converge in ${MAX_ITERATIONS} iterations` };
}
