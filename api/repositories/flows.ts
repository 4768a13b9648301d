// step_transition and step_sequence for one pathway and provider. Counts are re-checked against the build's
// threshold: a small row that reached a table unmarked shows no figures.
import type { Flows, FlowsQuery } from '../../schemas/api/index.ts';
import { StepSequence, StepTransition } from '../../schemas/tables/step-flows.ts';
import type { ReadDb } from '../read-pool.ts';
import { isSmall, suppressedColumns } from './sql.ts';

const TRANSITIONS = `
with filtered as (
  select *, suppressed or coalesce(${isSmall('n_episodes')}, false) as hide from step_transition
  where pathway_id = $pathway and provider_code = $provider
)
select ${suppressedColumns(StepTransition)} from filtered
order by hide, n_episodes desc, from_step, to_step, kind`;

const SEQUENCES = `
with filtered as (
  select *, suppressed or coalesce(${isSmall('n_episodes')}, false) as hide from step_sequence
  where pathway_id = $pathway and provider_code = $provider
)
select ${suppressedColumns(StepSequence, { keep: ['rank', 'n_steps'] })} from filtered
order by rank`;

export async function readFlows(db: ReadDb, q: FlowsQuery, minShown: number): Promise<Flows> {
  const p = { pathway: q.pathway, provider: q.provider, min_shown: minShown };
  const [transitions, sequences] = await Promise.all([db.all<Flows['transitions'][number]>(TRANSITIONS, p), db.all<Flows['sequences'][number]>(SEQUENCES, p)]);
  // every episode leaves `start`, so a provider with episodes and no move published was withheld
  return { pathway_id: q.pathway, provider_code: q.provider, withheld: transitions.length === 0 && sequences.length > 0, transitions, sequences };
}
