// The ICB's PROMs case-mix model, as the national PROMs programme adjusts health gain: a linear regression of
// the post-op score on the pre-op score and case-mix variables (OUTCOME_CASEMIX: age band, sex, IMD quintile as
// factors, each level against the most common one), fitted per pathway and measure on the linked episodes. The
// design is a long table (episode, term, x) in DuckDB; X'X, X'y and y'y are its sums; the normal equations are
// solved in engine/stats/ols.ts; each episode's expected post-op score goes back to DuckDB as Σ x·b. Sums run
// over DECIMALs so the fit does not depend on the order threads add doubles in (reruns give the same bytes).
import { OUTCOME_CASEMIX } from '../../../schemas/tables/proms-outcome.ts';
import { type Db, listParam } from '../../db.ts';
import { fitOls } from '../../stats/ols.ts';

interface FitKey extends Record<string, string> {
  pathway: string;
  measure: string;
}

/**
 * Reads outcome_obs (pathway_id, measure, episode_id, pre, post and the OUTCOME_CASEMIX columns); writes
 * outcome_expected (pathway_id, measure, episode_id, expected) and outcome_fit (pathway_id, measure, model_terms,
 * residual_sd).
 */
export async function fitOutcomeModel(db: Db): Promise<void> {
  await buildDesign(db);
  await db.run(`create or replace temp table outcome_coefficients (pathway_id varchar, measure varchar, term integer, estimate double)`);
  await db.run(`create or replace temp table outcome_rank (pathway_id varchar, measure varchar, model_terms integer)`);
  const keys = await db.all<FitKey>(`select distinct pathway_id as pathway, measure from outcome_obs order by all`);
  for (const key of keys) await fitOne(db, key);
  await db.run(`
create or replace temp table outcome_expected as
select d.pathway_id, d.measure, d.episode_id, sum((d.x * c.estimate)::decimal(38, 12))::double as expected
from outcome_design d join outcome_coefficients c using (pathway_id, measure, term)
group by all`);
  await db.run(`
create or replace temp table outcome_fit as
select o.pathway_id, o.measure, r.model_terms,
  case when count(*) > r.model_terms then sqrt(sum(power(o.post - x.expected, 2)::decimal(38, 12))::double / (count(*) - r.model_terms)) end as residual_sd
from outcome_obs o join outcome_expected x using (pathway_id, measure, episode_id) join outcome_rank r using (pathway_id, measure)
group by o.pathway_id, o.measure, r.model_terms`);
}

/** Term 0 is the intercept, 1 the pre-op score, then one per non-reference level of each case-mix variable. */
async function buildDesign(db: Db): Promise<void> {
  const levels = OUTCOME_CASEMIX.map((c) => `select pathway_id, measure, episode_id, '${c}' as predictor, coalesce(${c}::varchar, 'unknown') as level from outcome_obs`).join(' union all ');
  await db.run(`create or replace temp table outcome_levels as ${levels}`);
  await db.run(`
create or replace temp table outcome_terms as
with counted as (
  select pathway_id, measure, predictor, level, count(*) as n from outcome_levels group by all
), ranked as (
  select *, row_number() over (partition by pathway_id, measure, predictor order by n desc, level) as r from counted
)
select pathway_id, measure, predictor, level, 1 + row_number() over (partition by pathway_id, measure order by predictor, level) as term
from ranked where r > 1`);
  await db.run(`
create or replace temp table outcome_design as
select pathway_id, measure, episode_id, 0 as term, 1.0::double as x from outcome_obs
union all select pathway_id, measure, episode_id, 1, pre::double from outcome_obs
union all select l.pathway_id, l.measure, l.episode_id, t.term, 1.0 from outcome_levels l join outcome_terms t using (pathway_id, measure, predictor, level)`);
}

async function fitOne(db: Db, key: FitKey): Promise<void> {
  const { p } = await db.one<{ p: number }>(`select (max(term) + 1)::integer as p from outcome_design where pathway_id = $pathway and measure = $measure`, key);
  const cross = await db.all<{ j: number; k: number; s: number }>(`
select a.term::integer as j, b.term::integer as k, sum((a.x * b.x)::decimal(38, 12))::double as s
from outcome_design a join outcome_design b using (pathway_id, measure, episode_id)
where a.pathway_id = $pathway and a.measure = $measure group by all`, key);
  const response = await db.all<{ j: number; s: number }>(`
select d.term::integer as j, sum((d.x * o.post)::decimal(38, 12))::double as s
from outcome_design d join outcome_obs o using (pathway_id, measure, episode_id)
where d.pathway_id = $pathway and d.measure = $measure group by all`, key);
  const totals = await db.one<{ n: number; yty: number }>(`select count(*)::integer as n, coalesce(sum((post * post)::decimal(38, 12)), 0)::double as yty from outcome_obs where pathway_id = $pathway and measure = $measure`, key);
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const c of cross) xtx[c.j][c.k] = c.s;
  const xty = new Array<number>(p).fill(0);
  for (const r of response) xty[r.j] = r.s;
  const fit = fitOls({ xtx, xty, yty: totals.yty, n: totals.n });
  await db.run(
    `insert into outcome_coefficients select $pathway, $measure, unnest($terms)::integer, unnest($estimates)::double`,
    { ...key, terms: listParam(fit.coefficients.map((_, j) => String(j))), estimates: listParam(fit.coefficients.map(String)) },
  );
  await db.run(`insert into outcome_rank values ($pathway, $measure, $rank)`, { ...key, rank: fit.rank });
}
