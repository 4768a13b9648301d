// The expected cost of every compared cell (`comparison_expected`) and the model behind it (`casemix_model`),
// per pathway × basis × view. DuckDB sums each cell's costs (exact DECIMALs); the gamma GLM is fitted in
// engine/stats on those few thousand cells; the cells' expected costs go back to DuckDB, which applies them to
// the episodes. When the model cannot be fitted, expected cost is by strata (the fallback, named in the output).
import { CASEMIX_PREDICTORS, type CasemixPredictor, type ExpectedMethod } from '../../../schemas/tables/variation.ts';
import { isSmallCount } from '../../../schemas/disclosure.ts';
import { type Db, listParam } from '../../db.ts';
import { type Coefficient, type GlmCell, type GlmFit, UNKNOWN_LEVEL, fitGammaLog } from '../../stats/gamma-glm.ts';

/** Stratified fallback: a stratum under this many episodes takes its complication band's mean (then the pathway's). */
export const MIN_CELL = 10;

const PREDICTORS = Object.keys(CASEMIX_PREDICTORS) as CasemixPredictor[];

type CellRow = Record<CasemixPredictor, string> & {
  cell_id: number;
  n: number;
  total: number;
  n_pos: number;
  pos_total: number;
  pos_squares: number;
  pos_logs: number;
};

interface FitKey extends Record<string, string> {
  pathway: string;
  basis: string;
  view: string;
}

/** Reads compared_episode and compared_cost; writes comparison_expected, comparison_fit and casemix_model. */
export async function fitExpectedCost(db: Db, options: { threshold: number; priceYear: string | null }): Promise<void> {
  await sumCells(db);
  await db.run(`create or replace temp table comparison_expected (pathway_id varchar, basis varchar, view varchar, cell_id bigint, expected decimal(38, 6))`);
  await db.run(`create or replace temp table comparison_fit (pathway_id varchar, basis varchar, view varchar, method varchar, n_parameters integer)`);
  const keys = await db.all<FitKey>(`select distinct pathway_id as pathway, basis, view from comparison_cell_sums order by all`);
  for (const key of keys) await fitOne(db, key, options);
}

/** Per cell: all episodes (the comparison) and those of positive cost (the gamma fit). Σ log y is exact to 1e-12 per episode. */
async function sumCells(db: Db): Promise<void> {
  await db.run(`
create or replace temp table comparison_cell_sums as
select c.pathway_id, c.basis, c.view, c.cell_id, ${PREDICTORS.map((p) => `any_value(e.${p}) as ${p}`).join(', ')},
  count(*) as n, sum(c.c) as total,
  count(*) filter (where c.c > 0) as n_pos, coalesce(sum(c.c) filter (where c.c > 0), 0) as pos_total,
  coalesce(sum(c.c::decimal(38, 2) * c.c::decimal(38, 2)) filter (where c.c > 0), 0) as pos_squares,
  coalesce(sum(case when c.c > 0 then ln(c.c)::decimal(38, 12) end), 0) as pos_logs
from compared_cost c join compared_episode e using (pathway_id, episode_id)
group by c.pathway_id, c.basis, c.view, c.cell_id`);
}

async function fitOne(db: Db, key: FitKey, options: { threshold: number; priceYear: string | null }): Promise<void> {
  const cells = await db.all<CellRow>(
    `select cell_id::integer as cell_id, ${PREDICTORS.join(', ')}, n::integer as n, total::double as total, n_pos::integer as n_pos,
       pos_total::double as pos_total, pos_squares::double as pos_squares, pos_logs::double as pos_logs
     from comparison_cell_sums where pathway_id = $pathway and basis = $basis and view = $view order by cell_id`,
    key,
  );
  const levels = (c: CellRow) => PREDICTORS.map((p) => c[p]);
  const positive: GlmCell[] = cells.filter((c) => c.n_pos > 0).map((c) => ({ levels: levels(c), n: c.n_pos, sum: c.pos_total, sumSquares: c.pos_squares, sumLogs: c.pos_logs }));
  const glm = fitGammaLog(PREDICTORS, positive);
  // Two parts: the gamma fit is the mean of a positive cost, and a cell's share of positive costs how often
  // there is one, so zero-cost episodes lower their own cell's expected cost rather than every cell's.
  const fitted = glm.ok ? cells.map((c) => (predictAtKnownLevels(glm, levels(c)) * c.n_pos) / c.n) : stratifiedMeans(cells);
  const denominator = cells.reduce((s, c, i) => s + c.n * fitted[i], 0);
  // Scaled so that the ICB's expected total is its observed total: a gamma fit with log link does not give
  // that by itself (its score equations balance relative, not absolute, residuals), nor does an unknown level
  // predicted at the known ones' average.
  const calibration = denominator > 0 ? cells.reduce((s, c) => s + c.total, 0) / denominator : 1;
  const method: ExpectedMethod = glm.ok ? 'gamma_glm' : 'stratified';
  await db.run(
    `insert into comparison_expected select $pathway, $basis, $view, unnest($cells)::bigint, round(unnest($expected)::double, 6)::decimal(38, 6)`,
    { ...key, cells: numbers(cells.map((c) => c.cell_id)), expected: numbers(fitted.map((f) => f * calibration)) },
  );
  await db.run(`insert into comparison_fit values ($pathway, $basis, $view, $method, $parameters)`, { ...key, method, parameters: glm.ok ? glm.rank : 1 });
  const zeroCost = cells.reduce((s, c) => s + c.n - c.n_pos, 0);
  const fit = {
    ...key, method, fallback_reason: glm.ok ? null : glm.reason, calibration, price_year: options.priceYear,
    n_zero_cost: isSmallCount(zeroCost, options.threshold) ? null : zeroCost,
    iterations: glm.ok ? glm.iterations : null, converged: glm.ok ? true : null, deviance: glm.ok ? glm.deviance : null,
    null_deviance: glm.ok ? glm.nullDeviance : null, dispersion: glm.ok && Number.isFinite(glm.dispersion) ? glm.dispersion : null,
    n_parameters: glm.ok ? glm.rank : null,
  };
  const terms = glm.ok ? publishedTerms(glm.coefficients, cells, options.threshold) : [];
  await insertModelRows(db, fit, terms);
}

/**
 * The fitted mean, with an unknown level (a missing age, sex or deprivation) predicted at the episode-weighted
 * average of its predictor's known levels (on the log scale), not at its own coefficient: "unknown" explains
 * nothing about cost, and when one provider's patients are the unknown ones (out-of-area patients missing from
 * the patients feed) its own coefficient is that provider's mean, which would set its O/E to 1 whatever it costs.
 */
function predictAtKnownLevels(glm: GlmFit, levels: readonly string[]): number {
  let shift = 0;
  const known = levels.map((level, k) => {
    if (level !== UNKNOWN_LEVEL) return level;
    const terms = glm.coefficients.filter((t) => t.predictor === PREDICTORS[k] && t.level !== UNKNOWN_LEVEL);
    const reference = terms.find((t) => t.status === 'reference');
    if (!reference) return level; // no known level: "unknown" is the reference itself
    const n = terms.reduce((s, t) => s + t.n, 0);
    shift += terms.reduce((s, t) => s + t.n * (t.status === 'estimated' ? t.estimate : 0), 0) / n;
    return reference.level!;
  });
  return glm.predict(known) * Math.exp(shift);
}

/**
 * Numbers as one bound list, sent as text and cast in SQL: the client types a list by its first value, so
 * [0, 0.5] would bind as INTEGER[] and fail. JavaScript writes a number's shortest exact form; DuckDB reads it
 * back to the same double (and 'NaN' as NaN).
 */
function numbers(values: readonly number[]): ReturnType<typeof listParam> {
  return listParam(values.map(String));
}

/** The fallback: each stratum's mean, or its complication band's when under MIN_CELL, or the pathway's. */
function stratifiedMeans(cells: readonly CellRow[]): number[] {
  const bands = new Map<string, { n: number; total: number }>();
  for (const c of cells) {
    const b = bands.get(c.complication_band) ?? { n: 0, total: 0 };
    bands.set(c.complication_band, { n: b.n + c.n, total: b.total + c.total });
  }
  const n = cells.reduce((s, c) => s + c.n, 0);
  const overall = n > 0 ? cells.reduce((s, c) => s + c.total, 0) / n : 0;
  return cells.map((c) => {
    const band = bands.get(c.complication_band)!;
    return c.n >= MIN_CELL ? c.total / c.n : band.n >= MIN_CELL ? band.total / band.n : overall;
  });
}

interface Term {
  predictor: string;
  level: string | null;
  status: string;
  estimate: number | null;
  stdError: number | null;
}

/**
 * The fit's coefficients, plus a row for each level seen only on zero-cost episodes. A coefficient fitted on
 * 1 to threshold − 1 episodes is not published: with few episodes it comes close to their own cost.
 */
function publishedTerms(coefficients: readonly Coefficient[], cells: readonly CellRow[], threshold: number): Term[] {
  const fitted = new Set(coefficients.map((c) => `${c.predictor}|${c.level}`));
  const unseen = PREDICTORS.flatMap((p) => [...new Set(cells.map((c) => c[p]))].filter((level) => !fitted.has(`${p}|${level}`)).sort().map((level) => ({ predictor: p, level })));
  return [
    ...coefficients.map((c): Term => (isSmallCount(c.n, threshold)
      ? { predictor: c.predictor, level: c.level, status: 'suppressed', estimate: null, stdError: null }
      : { predictor: c.predictor, level: c.level, status: c.status, estimate: c.estimate, stdError: c.stdError })),
    ...unseen.map((u): Term => ({ ...u, status: 'not_in_fit', estimate: 0, stdError: null })),
  ];
}

async function insertModelRows(db: Db, fit: Record<string, string | number | boolean | null>, terms: readonly Term[]): Promise<void> {
  // A stratified fit has no terms: one row says so.
  const rows = terms.length ? terms : [{ predictor: null, level: null, status: 'none', estimate: null, stdError: null }];
  const nan = (x: number | null) => x ?? Number.NaN;
  const number = (list: string) => `case when isnan(${list}::double) then null else ${list}::double end`;
  await db.run(
    `
insert into casemix_model by name
select $pathway as pathway_id, $basis as basis, $view as view, $method as method, $fallback_reason::varchar as fallback_reason,
  nullif(t.predictor, '') as predictor, nullif(t.level, '') as level, t.status,
  round(${number('t.estimate')}, 8) as estimate, round(${number('t.std_error')}, 8) as std_error, round(exp(${number('t.estimate')}), 6) as multiplier,
  $iterations::integer as iterations, $converged::boolean as converged, round($deviance::double, 6) as deviance, round($null_deviance::double, 6) as null_deviance,
  round($dispersion::double, 8) as dispersion, $n_parameters::integer as n_parameters, round($calibration::double, 8) as calibration,
  $n_zero_cost::bigint as n_zero_cost, $price_year::varchar as price_year
from (select unnest($predictors) as predictor, unnest($levels) as level, unnest($statuses) as status, unnest($estimates) as estimate, unnest($errors) as std_error) t`,
    {
      ...fit,
      predictors: listParam(rows.map((r) => r.predictor ?? '')),
      levels: listParam(rows.map((r) => r.level ?? '')),
      statuses: listParam(rows.map((r) => r.status)),
      estimates: numbers(rows.map((r) => nan(r.estimate))),
      errors: numbers(rows.map((r) => nan(r.stdError))),
    },
  );
}
