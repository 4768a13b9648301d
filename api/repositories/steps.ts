// Cost by step and setting per anchor provider and for the ICB, from episode_step_cost. SQL aggregates and
// applies the primary rule (1–7 episodes); the cell table is small (providers × steps × settings), so the
// complementary rule runs in JS over all of it before filtering and paging.
import type { Page, StepCostRow, StepsQuery } from '../../schemas/api/index.ts';
import type { ReadDb } from '../read-pool.ts';
import { MIN_SHOWN, opt, toPage } from './sql.ts';
import { type Cell, suppressComplementary } from './suppression.ts';

const SMALL = `between 1 and ${MIN_SHOWN - 1}`;

const CELLS = `
with ep as (
  select episode_id, anchor_provider_code as provider_code
  from episode
  where pathway_id = $pathway and ($month is null or $month = 'all' or month = $month)
),
providers as (
  select provider_code, count(*) as n from ep group by provider_code
  union all
  select 'ICB', count(*) from ep
),
costs as (
  select e.provider_code, s.episode_id, s.step, s.setting,
    case when $basis = 'standardised' then s.standardised_cost_gbp else s.cost_gbp end as cost
  from episode_step_cost s
  join ep e on e.episode_id = s.episode_id
  where s.pathway_id = $pathway and ($relevance = 'all' or s.condition_related)
),
cells as (
  select provider_code, step, setting, count(distinct episode_id) as n_cell, sum(cost) as total
  from costs group by provider_code, step, setting
  union all
  select 'ICB', step, setting, count(distinct episode_id), sum(cost)
  from costs group by step, setting
)
select c.provider_code, c.step, c.setting,
  p.n::integer as provider_episodes,
  c.n_cell::integer as n_episodes,
  round(c.total, 2)::double as total_gbp,
  round(c.total / p.n, 2)::double as mean_per_episode_gbp,
  (p.n ${SMALL}) as provider_small,
  (p.n ${SMALL} or c.n_cell ${SMALL}) as hide
from cells c
join providers p on p.provider_code = c.provider_code
order by c.provider_code = 'ICB', c.provider_code, c.step, c.setting`;

interface CellRow {
  provider_code: string;
  step: string;
  setting: string;
  provider_episodes: number;
  n_episodes: number;
  total_gbp: number;
  mean_per_episode_gbp: number;
  provider_small: boolean;
  hide: boolean;
}

export async function listSteps(db: ReadDb, q: StepsQuery): Promise<Page<StepCostRow>> {
  const rows = await db.all<CellRow>(CELLS, { pathway: q.pathway, month: opt(q.month), basis: q.basis, relevance: q.relevance });
  const cells = rows.map((r) => ({ ...r, row: r.provider_code, col: `${r.step}|${r.setting}`, n: r.n_episodes, total: r.total_gbp }));
  suppressComplementary<CellRow & Cell>(cells, 'ICB');
  const all = cells.filter((c) => !q.provider || c.provider_code === q.provider).map((c) => toRow(c, q));
  return toPage(all.slice(q.offset, q.offset + q.limit), q, all.length);
}

function toRow(c: CellRow, q: StepsQuery): StepCostRow {
  return {
    pathway_id: q.pathway,
    provider_code: c.provider_code,
    step: c.step,
    setting: c.setting,
    basis: q.basis,
    relevance: q.relevance,
    provider_episodes: c.provider_small ? null : c.provider_episodes,
    n_episodes: c.hide ? null : c.n_episodes,
    total_gbp: c.hide ? null : c.total_gbp,
    mean_per_episode_gbp: c.hide ? null : c.mean_per_episode_gbp,
    suppressed: c.hide,
  };
}
