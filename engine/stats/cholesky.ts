// A Cholesky factor of a small symmetric positive semi-definite matrix (the p × p cross-product of a model
// with a few dozen coefficients), with aliasing: a column that the earlier columns already span (its pivot
// falls below a relative tolerance) is marked and left out, as R's glm leaves out an aliased coefficient.

/** Relative to the column's own diagonal: a pivot smaller than this share of it is numerically zero. */
const ALIAS_TOLERANCE = 1e-9;

export interface Cholesky {
  /** Lower triangle; the rows and columns of aliased indices are zero. */
  lower: number[][];
  aliased: boolean[];
  /** Number of columns kept. */
  rank: number;
}

export function cholesky(a: readonly (readonly number[])[]): Cholesky {
  const p = a.length;
  const lower = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const aliased = new Array<boolean>(p).fill(false);
  for (let j = 0; j < p; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= lower[j][k] ** 2;
    if (!(a[j][j] > 0) || pivot <= ALIAS_TOLERANCE * a[j][j]) {
      aliased[j] = true;
      continue;
    }
    lower[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < p; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= lower[i][k] * lower[j][k];
      lower[i][j] = s / lower[j][j];
    }
  }
  return { lower, aliased, rank: aliased.filter((x) => !x).length };
}

/** Solves A x = b with the factor of A; aliased entries of x are 0. */
export function solveCholesky({ lower, aliased }: Cholesky, b: readonly number[]): number[] {
  const p = b.length;
  const y = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    if (aliased[i]) continue;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= lower[i][k] * y[k];
    y[i] = s / lower[i][i];
  }
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    if (aliased[i]) continue;
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= lower[k][i] * x[k];
    x[i] = s / lower[i][i];
  }
  return x;
}

/** The diagonal of A⁻¹ over the kept columns (NaN where aliased): the variances of the coefficients, up to scale. */
export function inverseDiagonal(factor: Cholesky): number[] {
  const p = factor.aliased.length;
  return factor.aliased.map((isAliased, j) => {
    if (isAliased) return Number.NaN;
    const unit = new Array<number>(p).fill(0);
    unit[j] = 1;
    return solveCholesky(factor, unit)[j];
  });
}
