import { col, defineTable, required } from '../define.ts';
import { CASEMIX_PREDICTORS, COMPARISON_BASES, EXPECTED_METHODS, describeBases } from './variation.ts';

/** What a coefficient row of casemix_model is. */
export const COEFFICIENT_STATUSES = {
  intercept: 'the log of the expected cost of an episode at every reference level',
  reference: 'the level the others are compared with (the commonest): estimate 0',
  estimated: 'fitted',
  aliased: 'not estimable from these episodes (a combination of other columns): estimate 0, as R’s glm reports NA',
  not_in_fit: 'a level seen only on episodes of no cost, which the gamma model cannot take: estimate 0',
  suppressed: 'fitted on 1 to the suppression threshold − 1 episodes, so not published (it would come close to their cost)',
  none: 'no model: expected cost is by strata (method stratified)',
} as const;

export const CasemixModel = defineTable({
  name: 'casemix_model',
  description:
    'The expected-cost model behind variation, per pathway, basis and view: a gamma GLM with log link on the case-mix ' +
    'factors, fitted by IRLS on cell counts and sums (sufficient for factors), with its fit; or the stratified method when it cannot be fitted.',
  grain: 'pathway × basis × view × predictor × level',
  columns: {
    pathway_id: col.string('Pathway.', required),
    basis: col.string(`${describeBases(COMPARISON_BASES)}.`, required),
    view: col.string('raw, or winsorised (episode costs capped at the 1st/99th percentile per pathway and year).', required),
    method: col.enum(Object.entries(EXPECTED_METHODS).map(([m, meaning]) => `${m}: ${meaning}`).join('; ') + '.', Object.keys(EXPECTED_METHODS), required),
    fallback_reason: col.string('Why the model was not used (method stratified), else null.'),
    predictor: col.string(`(intercept), or one of: ${Object.entries(CASEMIX_PREDICTORS).map(([p, meaning]) => `${p} (${meaning})`).join(', ')}; null on a stratified row.`),
    level: col.string('The level (unknown where the value is missing); null for the intercept.'),
    status: col.enum(Object.entries(COEFFICIENT_STATUSES).map(([s, meaning]) => `${s}: ${meaning}`).join('; ') + '.', Object.keys(COEFFICIENT_STATUSES), required),
    estimate: col.decimal('Coefficient on the log scale (treatment coding against the reference level).'),
    std_error: col.decimal('Standard error, from the Pearson dispersion (as R’s summary.glm).'),
    multiplier: col.decimal('exp(estimate): the factor on expected cost for this level against the reference (the intercept’s is the reference cost in £).'),
    iterations: col.integer('IRLS iterations.'),
    converged: col.boolean('True when the deviance settled (relative change below 1e-12) within the iteration cap.'),
    deviance: col.decimal('Residual deviance of the fit.'),
    null_deviance: col.decimal('Deviance of the intercept-only model.'),
    dispersion: col.decimal('Pearson dispersion of the gamma fit: Σ ((y − μ) / μ)² / (n − parameters).'),
    n_parameters: col.integer('Coefficients estimated (intercept included, aliased excluded).'),
    calibration: col.decimal('Σ observed / Σ fitted over the compared episodes: the factor on fitted values that makes the ICB’s expected total its observed total.'),
    n_zero_cost: col.integer('Compared episodes of no cost on this basis: in the comparison, but not in the fit (a gamma model needs cost above 0); null when 1 to the suppression threshold − 1.'),
    price_year: col.string('Financial year whose prices the costs were fitted in.'),
  },
});
