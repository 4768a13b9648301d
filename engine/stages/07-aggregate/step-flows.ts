// step_transition and step_sequence: the order episodes move through a pathway's steps (schemas/tables/step-flows.ts
// says what a path, a visit, a first arrival and a return are). Each pathway's attribution rows become visits
// (`flow_visits`); consecutive visits are moves (`flow_moves`), between a `start` and an `end` node. Counted per
// anchor provider and for the ICB, then held to the disclosure rules (engine/disclosure/flow-cells.ts).
import { smallCountSql } from '../../../schemas/disclosure.ts';
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import { FLOW_END, FLOW_START, OTHER_SEQUENCES, TOP_SEQUENCES } from '../../../schemas/tables/step-flows.ts';
import { type Db, listParam, quoteIdent } from '../../db.ts';
import { discloseStepFlows } from '../../disclosure/flow-cells.ts';

/** Steps that are a point of the pathway, in definition order: phase "any" runs alongside the whole window. */
export function flowSteps(def: PathwayDefinition): string[] {
  return def.steps.filter((s) => s.phase !== 'any').map((s) => s.id);
}

/** The table every pathway's visits are collected into, before the first collectFlowVisits. */
export async function createFlowVisits(db: Db): Promise<void> {
  await db.run(`create or replace temp table flow_visits (pathway_id varchar, episode_id varchar, visit_no bigint, step varchar,
    first_date date, last_date date, gbp decimal(18,2), is_return boolean)`);
}

/**
 * Visits of one pathway's episodes from `attributed` (pathway_id, episode_id, step, start_date, attributed_gbp,
 * feed, source_id): activity in date order, same-day ties by the step's place in the definition (then the row,
 * so the order is total), consecutive activity of one step being one visit.
 */
export async function collectFlowVisits(db: Db, def: PathwayDefinition, attributed: string): Promise<void> {
  await db.run(
    `
insert into flow_visits
with acts as (
  select episode_id, step, start_date, attributed_gbp as gbp, feed, source_id, list_position($steps, step) as step_order
  from ${quoteIdent(attributed)} where pathway_id = $pathway and episode_id is not null and list_contains($steps, step)
), marked as (
  select *, coalesce(lag(step) over w <> step, true) as new_visit,
    row_number() over w as rn
  from acts window w as (partition by episode_id order by start_date, step_order, feed, source_id)
), numbered as (
  select *, sum(new_visit::integer) over (partition by episode_id order by rn rows unbounded preceding) as visit_no from marked
), visits as (
  select episode_id, visit_no, any_value(step) as step, min(start_date) as first_date, max(start_date) as last_date, sum(gbp) as gbp
  from numbered group by episode_id, visit_no
)
select $pathway, episode_id, visit_no, step, first_date, last_date, gbp,
  row_number() over (partition by episode_id, step order by visit_no) > 1 as is_return
from visits`,
    { pathway: def.id, steps: listParam(flowSteps(def)) },
  );
}

/**
 * Moves between consecutive visits, from `start` and to `end` (an episode with no visit goes straight there). A
 * first arrival carries the £ of every visit of the episode to the step, returns included, and a return none: so
 * the first arrivals into a step add up to its £ in pathway_summary, as their counts add up to its episodes, and a
 * hidden return's £ is not that total less the shown moves.
 */
async function buildMoves(db: Db): Promise<void> {
  await db.run(
    `
create or replace temp table flow_moves as
with bounded as (
  select pathway_id, episode_id, visit_no, step, first_date, last_date,
    case when not is_return then sum(gbp) over (partition by pathway_id, episode_id, step) end as gbp, is_return
  from flow_visits
  union all
  select pathway_id, episode_id, max(visit_no) + 1, $end, null, null, null, false from flow_visits group by all
  union all
  select e.pathway_id, e.episode_id, 1, $end, null, null, null, false from episode e
  where e.pathway_id in (select distinct pathway_id from flow_visits) and e.episode_id not in (select episode_id from flow_visits)
), moves as (
  select pathway_id, episode_id, coalesce(lag(step) over w, $start) as from_step, step as to_step,
    case when is_return then 'return' else 'first' end as kind,
    datediff('day', lag(last_date) over w, first_date) as days, gbp
  from bounded window w as (partition by episode_id order by visit_no)
)
select m.*, e.anchor_provider_code from moves m join episode e using (episode_id)`,
    { start: FLOW_START, end: FLOW_END },
  );
}

/** Counts per provider and for the ICB (grouping sets), before suppression. */
async function buildFlowStats(db: Db): Promise<void> {
  await db.run(`
create or replace temp table transition_stats as
select pathway_id, coalesce(anchor_provider_code, 'ICB') as provider_code, from_step, to_step, kind,
  count(distinct episode_id) as n_episodes, median(days) as median_days, sum(gbp) as to_cost_gbp
from flow_moves
group by grouping sets ((pathway_id, anchor_provider_code, from_step, to_step, kind), (pathway_id, from_step, to_step, kind))`);
  await db.run(
    `
create or replace temp table sequence_stats as
with seqs as (
  select episode_id, string_agg(step, ' > ' order by visit_no) as sequence, count(*) as n_steps
  from flow_visits where not is_return group by episode_id
), per_episode as (
  select e.pathway_id, e.anchor_provider_code, coalesce(s.sequence, $none) as sequence, coalesce(s.n_steps, 0) as n_steps, e.total_cost_gbp
  from episode e left join seqs s using (episode_id)
  where e.pathway_id in (select distinct pathway_id from flow_visits)
)
select pathway_id, coalesce(anchor_provider_code, 'ICB') as provider_code, sequence, any_value(n_steps) as n_steps,
  count(*) as n_episodes, sum(total_cost_gbp) as cost_gbp
from per_episode
group by grouping sets ((pathway_id, anchor_provider_code, sequence), (pathway_id, sequence))`,
    { none: NO_STEP },
  );
}

/** Both tables from the visits collected for every pathway; reads summary_cells (run after buildSummary). */
export async function buildStepFlows(db: Db, threshold: number): Promise<void> {
  await buildMoves(db);
  await buildFlowStats(db);
  await discloseStepFlows(db, threshold);
  await db.run(`
insert into step_transition by name
select t.pathway_id, t.provider_code, t.from_step, t.to_step, t.kind, c.hide as suppressed,
  case when not c.hide then t.n_episodes end as n_episodes,
  case when not c.hide then round(t.median_days, 1) end as median_days,
  case when not c.hide then t.to_cost_gbp end as to_cost_gbp,
  case when not c.hide then round(t.to_cost_gbp / t.n_episodes, 2) end as mean_to_cost_gbp
from transition_stats t join transition_cells c
  on c.pathway_id = t.pathway_id and c.provider_code = t.provider_code and c.from_step = t.from_step and c.to_key = t.to_step || '|' || t.kind
where not exists (select 1 from flow_withheld w where w.pathway_id = t.pathway_id and w.provider_code = t.provider_code)`);
  await publishSequences(db, threshold);
  // the visits are the attribution's rows again, the moves one more per episode: nothing later reads them
  await db.run('drop table flow_visits');
  await db.run('drop table flow_moves');
}

/**
 * The shown sequences, most common first, up to TOP_SEQUENCES; the rest in `other`. `other` holds every hidden
 * sequence; when it would hold 1 to threshold − 1 episodes the least common listed sequence joins it (a shown
 * sequence has at least the threshold), so `other` is never a small count. A provider the summary hides gets
 * one hidden `other` row. The ICB lists no sequence that exactly one provider having it leaves unlisted.
 */
export async function publishSequences(db: Db, threshold: number): Promise<void> {
  await db.run(`create or replace temp table sequence_unlisted (pathway_id varchar, provider_code varchar)`);
  for (let round = 0; round < 20; round++) {
    await db.run(`create or replace temp table sequence_listed as ${LISTED_SEQUENCES}`, { top: TOP_SEQUENCES, threshold, other: OTHER_SEQUENCES });
    await db.run(`create or replace temp table sequence_lone as ${LONE_BEHIND_ICB}`, { other: OTHER_SEQUENCES });
    await db.run(`create or replace temp table sequence_exposed as ${EXPOSED_BY_MOVES}`, { other: OTHER_SEQUENCES, threshold, none: NO_STEP, start: FLOW_START, end: FLOW_END });
    const [lone, exposed] = await Promise.all(['sequence_lone', 'sequence_exposed'].map(async (t) => (await db.one<{ n: number }>(`select count(*)::integer as n from ${t}`)).n));
    if (lone === 0 && exposed === 0) {
      await db.run(`insert into step_sequence by name select * from sequence_listed`);
      return;
    }
    await db.run(`update sequence_cells c set hide = true from sequence_lone l
      where c.provider_code = 'ICB' and c.pathway_id = l.pathway_id and c.sequence = l.sequence`);
    await db.run(`insert into sequence_unlisted select * from sequence_exposed`);
  }
  throw new Error('listing the step sequences did not settle');
}

const NO_STEP = '(no step)';

const LISTED_SEQUENCES = `
with totals as (
  select s.pathway_id, s.provider_code, sum(s.n_episodes) as total, sum(s.cost_gbp) as cost, bool_or(c.hide) as hide
  from sequence_stats s join sequence_cells c on c.pathway_id = s.pathway_id and c.provider_code = s.provider_code and c.sequence = 'all'
  group by all
), shown as (
  select s.*, row_number() over (partition by s.pathway_id, s.provider_code order by s.n_episodes desc, s.sequence) as rank
  from sequence_stats s join sequence_cells c using (pathway_id, provider_code, sequence)
  where not c.hide and not exists (select 1 from sequence_unlisted u where u.pathway_id = s.pathway_id and u.provider_code = s.provider_code)
), ranked as (
  select s.*, t.total, sum(s.n_episodes) over (partition by s.pathway_id, s.provider_code order by rank) as running
  from shown s join totals t using (pathway_id, provider_code) where not t.hide and s.rank <= $top
), listed_to as (
  -- the most sequences listed that leave a remainder of 0 or at least the threshold
  select t.pathway_id, t.provider_code, coalesce(max(r.rank) filter (where t.total - r.running = 0 or t.total - r.running >= $threshold), 0) as k
  from totals t left join ranked r using (pathway_id, provider_code) group by t.pathway_id, t.provider_code
), listed as (
  select r.* from ranked r join listed_to l using (pathway_id, provider_code) where r.rank <= l.k
), listed_sums as (
  select pathway_id, provider_code, sum(n_episodes) as n_episodes, sum(cost_gbp) as cost_gbp from listed group by all
), other as (
  select t.pathway_id, t.provider_code, l.k + 1 as rank, t.hide, t.total,
    t.total - coalesce(s.n_episodes, 0) as n_episodes, t.cost - coalesce(s.cost_gbp, 0) as cost_gbp
  from totals t join listed_to l using (pathway_id, provider_code) left join listed_sums s using (pathway_id, provider_code)
)
select pathway_id, provider_code, rank, sequence, n_steps, n_episodes, round(n_episodes / total, 4) as share,
  round(cost_gbp / n_episodes, 2) as mean_cost_gbp, false as suppressed
from listed
union all
select pathway_id, provider_code, rank, $other, null,
  case when not hide then n_episodes end, case when not hide then round(n_episodes / total, 4) end,
  case when not hide then round(cost_gbp / n_episodes, 2) end, hide
from other where hide or n_episodes > 0`;

/**
 * Providers (and the ICB) whose listing lets step_transition give a sequence in `other` away. Without returns an
 * episode's moves are the steps of its sequence, so the moves less the listed sequences' are the moves of the
 * sequences in `other`; where that flow has one way only to split into sequences, each of them is known. A
 * sequence in `other` is safe when it crosses another there: both visit a step, from different steps and on to
 * different steps, and the two swapped halves are sequences too (no step twice, neither listed), so one episode
 * of each could be one of each swapped sequence with every published total the same. A small sequence in `other`
 * that crosses none is taken as given away, and the provider lists nothing: its `other` is then all its episodes,
 * the summary's count, and step_transition is held to the summary by its own rules. Only where no episode
 * returns to a step: a return puts the first arrival after it on a move from the step returned to, so which
 * moves a sequence makes is not known from the sequence, and the moves less the listed ones are not known either
 * (annual cohorts, which go back and forth between reviews and prescribing, nearly always have returns).
 */
const EXPOSED_BY_MOVES = `
with listed as (
  select pathway_id, provider_code, sequence from sequence_listed where sequence <> $other and not suppressed
), other_paths as (
  select s.pathway_id, s.provider_code, s.sequence, s.n_episodes,
    case when s.sequence = $none then []::varchar[] else string_split(s.sequence, ' > ') end as steps
  from sequence_stats s semi join (select distinct pathway_id, provider_code from listed) p using (pathway_id, provider_code)
  where not exists (select 1 from transition_stats t where t.pathway_id = s.pathway_id and t.provider_code = s.provider_code and t.kind = 'return')
    and not exists (select 1 from listed l where l.pathway_id = s.pathway_id and l.provider_code = s.provider_code and l.sequence = s.sequence)
), nodes as (
  select pathway_id, provider_code, sequence, n_episodes, steps, i, steps[i] as step,
    coalesce(steps[i - 1], $start) as previous, coalesce(steps[i + 1], $end) as next
  from (select *, unnest(range(1, len(steps) + 1)) as i from other_paths)
), crossings as (
  select p.pathway_id, p.provider_code, p.sequence,
    list_concat(p.steps[1:p.i], q.steps[q.i + 1:]) as one, list_concat(q.steps[1:q.i], p.steps[p.i + 1:]) as two
  from nodes p join nodes q on q.pathway_id = p.pathway_id and q.provider_code = p.provider_code and q.step = p.step
    and q.sequence <> p.sequence and q.previous <> p.previous and q.next <> p.next
  where ${smallCountSql('p.n_episodes', '$threshold')}
), safe as (
  select distinct c.pathway_id, c.provider_code, c.sequence from crossings c
  where len(list_distinct(c.one)) = len(c.one) and len(list_distinct(c.two)) = len(c.two)
    and not exists (select 1 from listed l where l.pathway_id = c.pathway_id and l.provider_code = c.provider_code
      and l.sequence in (array_to_string(c.one, ' > '), array_to_string(c.two, ' > ')))
)
select distinct o.pathway_id, o.provider_code from other_paths o
where ${smallCountSql('o.n_episodes', '$threshold')}
  and not exists (select 1 from safe s where s.pathway_id = o.pathway_id and s.provider_code = o.provider_code and s.sequence = o.sequence)`;

/**
 * Sequences the ICB lists that exactly one provider having them does not list (hidden, or below its top ten and
 * so in its other): the ICB's count less the listed providers' would be that provider's. They go to the ICB's
 * other too, and the ICB's list is drawn again.
 */
const LONE_BEHIND_ICB = `
select i.pathway_id, i.sequence
from sequence_listed i join sequence_stats s on s.pathway_id = i.pathway_id and s.sequence = i.sequence and s.provider_code <> 'ICB'
where i.provider_code = 'ICB' and i.sequence <> $other and not i.suppressed
  and not exists (select 1 from sequence_listed l
    where l.pathway_id = s.pathway_id and l.provider_code = s.provider_code and l.sequence = s.sequence and not l.suppressed)
group by all having count(*) = 1`;
