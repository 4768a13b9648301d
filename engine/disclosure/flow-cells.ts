// What may be shown of step_transition and step_sequence (`transition_cells`, `sequence_cells`).
//
// Published totals a hidden move or sequence could be worked out from:
//   - the ICB row, the sum of the providers (each episode has one anchor provider);
//   - each step's episodes in pathway_summary (all months, all settings): the first arrivals into a step add up to
//     them exactly (an episode first arrives once at each step it visits); the moves out of a step add up to them
//     too when no episode returns to the step (each visitor then leaves it once), so for such steps they are a
//     total as well; start and end stand for the provider's episodes (the summary's "all" steps);
//   - a provider's episodes, which its sequences add up to.
// A move or sequence is hidden when it rests on 1 to threshold − 1 episodes, or when pathway_summary hides the
// provider; then complementary suppression (complementary.ts) along every one of those totals. The totals taken
// from the summary are fixed: they keep the summary's flag and are never picked as complements (size 0). A
// group's only member equals its total, so it is shown or hidden with the total (hidden if either of its two
// totals is) and is never a complement either.
// When a lone hidden move is left beside a fixed total with no other member to hide (a rare branch out of a step
// whose other branch is the only way into the next step: the summary's two step counts give it away), no choice of
// cells protects it: every move of that provider is withheld (not published at all, since even hidden rows would
// show which moves exist), and the ICB row is covered again. That can fail too: where every other provider's move
// and the ICB's is the only member of a group (start → an emergency anchor, or into a step reached from one step
// only), none can be a complement, and the ICB row less the shown providers gives the withheld provider's move
// away. Then one more provider is withheld, the one with the fewest episodes among those showing such a move (the
// ICB only when no provider shows one), and so on until no group along the ICB row hides exactly one move.
// Sequences have one fixed total per provider, and `other` (step-flows.ts) is never a small count.
import { smallCountSql } from '../../schemas/disclosure.ts';
import { FLOW_END, FLOW_START } from '../../schemas/tables/step-flows.ts';
import type { Db } from '../db.ts';
import { type CellTable, type Margin, suppressComplementary } from './complementary.ts';

export const TRANSITION_CELLS: CellTable = {
  table: 'transition_cells',
  // to_key is to_step|kind: a first arrival and a return into the same step are different moves
  keys: ['pathway_id', 'provider_code', 'from_step', 'to_key'],
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'from_step', total: 'all' },
    { column: 'to_key', total: 'all' },
  ],
};

export const SEQUENCE_CELLS: CellTable = {
  table: 'sequence_cells',
  keys: ['pathway_id', 'provider_code', 'sequence'],
  margins: [
    { column: 'provider_code', total: 'ICB' },
    { column: 'sequence', total: 'all' },
  ],
};

/** A provider's cell of pathway_summary (all months, all settings) for a step or 'all'. */
const SUMMARY_MARGIN = `(select pathway_id, provider_code, step, hide from summary_cells where month = 'all' and setting = 'all')`;

/** Reads transition_stats, sequence_stats and summary_cells; writes transition_cells and sequence_cells. */
export async function discloseStepFlows(db: Db, threshold: number): Promise<void> {
  await db.run(
    `
create or replace temp table transition_cells as
with margin as ${SUMMARY_MARGIN}, moves as (
  select t.pathway_id, t.provider_code, t.from_step, t.to_step || '|' || t.kind as to_key, t.n_episodes as size,
    ${smallCountSql('t.n_episodes', '$threshold')} or coalesce(p.hide, true) as hide
  from transition_stats t left join margin p on p.pathway_id = t.pathway_id and p.provider_code = t.provider_code and p.step = 'all'
), nodes as (
  select pathway_id, provider_code, from_step as node from moves
  union select pathway_id, provider_code, split_part(to_key, '|', 1) from moves
), totals as (
  select n.*, coalesce(p.hide, true) as hide from nodes n left join margin p
    on p.pathway_id = n.pathway_id and p.provider_code = n.provider_code and p.step = case when n.node in ($start, $end) then 'all' else n.node end
)
select * from moves
union all select pathway_id, provider_code, 'all', node || '|first', 0, hide from totals where node <> $start
union all select pathway_id, provider_code, node, 'all', 0, hide from totals
  where node <> $end and not exists (select 1 from moves r where r.pathway_id = totals.pathway_id and r.provider_code = totals.provider_code
    and r.to_key = totals.node || '|return')`,
    { threshold, start: FLOW_START, end: FLOW_END },
  );
  await db.run(
    `
create or replace temp table sequence_cells as
with margin as ${SUMMARY_MARGIN}
select s.pathway_id, s.provider_code, s.sequence, s.n_episodes as size,
  ${smallCountSql('s.n_episodes', '$threshold')} or coalesce(p.hide, true) as hide
from sequence_stats s left join margin p on p.pathway_id = s.pathway_id and p.provider_code = s.provider_code and p.step = 'all'
union all
select distinct s.pathway_id, s.provider_code, 'all', 0, coalesce(p.hide, true)
from sequence_stats s left join margin p on p.pathway_id = s.pathway_id and p.provider_code = s.provider_code and p.step = 'all'`,
    { threshold },
  );
  for (const cells of [TRANSITION_CELLS, SEQUENCE_CELLS]) {
    for (const m of cells.margins.slice(1)) await followLoneMembers(db, cells, m);
    await suppressComplementary(db, cells);
  }
  await withholdUncoverable(db, TRANSITION_CELLS);
}

/**
 * Along a fixed (summary) total: a group's only member takes the total's flag and is never a complement. The only
 * member of two groups (into one step and out of another) is hidden when either total is.
 */
async function followLoneMembers(db: Db, cells: CellTable, margin: Margin): Promise<void> {
  const group = cells.keys.filter((k) => k !== margin.column);
  const match = cells.keys.map((k) => `t.${k} = g.${k}`).join(' and ');
  await db.run(
    `
update ${cells.table} t set size = 0, hide = case when t.size = 0 then t.hide or g.total_hide else g.total_hide end from (
  select ${group.join(', ')}, any_value(${margin.column}) filter (where ${margin.column} <> $total) as ${margin.column},
    bool_or(hide) filter (where ${margin.column} = $total) as total_hide
  from ${cells.table} group by all
  having count(*) filter (where ${margin.column} = $total) = 1 and count(*) filter (where ${margin.column} <> $total) = 1
) g where ${match}`,
    { total: margin.total },
  );
}

/**
 * Providers (or the ICB) with a lone hidden move beside a fixed total that no complement can cover: recorded in
 * `flow_withheld`, every move hidden, and the ICB row covered again (which may leave the ICB itself to withhold).
 * Once none is left, one more provider where the ICB row less the shown providers still gives a move away.
 */
async function withholdUncoverable(db: Db, cells: CellTable): Promise<void> {
  await db.run('create or replace temp table flow_withheld (pathway_id varchar, provider_code varchar)');
  for (let round = 0; round < 50; round++) {
    await db.run(`create or replace temp table flow_lone as ${loneBesideFixedTotal(cells)}`, { total: 'all' });
    if ((await db.one<{ n: number }>(`select count(*)::integer as n from flow_lone`)).n === 0) {
      await db.run(`create or replace temp table flow_lone as ${LONE_ALONG_ICB}`, { start: FLOW_START });
      if ((await db.one<{ n: number }>(`select count(*)::integer as n from flow_lone`)).n === 0) return;
    }
    await db.run(`insert into flow_withheld select * from flow_lone`);
    await db.run(`update ${cells.table} t set hide = true from flow_lone l
      where t.pathway_id = l.pathway_id and t.provider_code = l.provider_code and t.from_step <> 'all' and t.to_key <> 'all'`);
    await suppressComplementary(db, cells);
  }
  throw new Error('withholding step_transition providers did not settle');
}

/** Providers not yet withheld with a group along a step margin whose only hidden move the fixed total gives away. */
function loneBesideFixedTotal(cells: CellTable): string {
  return cells.margins
    .slice(1)
    .map((m) => {
      const group = cells.keys.filter((k) => k !== m.column);
      return `select pathway_id, provider_code from ${cells.table} t
        where not exists (select 1 from flow_withheld w where w.pathway_id = t.pathway_id and w.provider_code = t.provider_code)
        group by ${group.join(', ')} having count(*) filter (where hide) = 1 and count(*) filter (where ${m.column} = $total) = 1`;
    })
    .join(' union ');
}

/**
 * Along the ICB row, a move hidden alone after complementary suppression: every other member is the only member
 * of a group with a fixed total, so none could be picked. Per pathway, the provider showing such a move with the
 * fewest episodes is withheld next, so that two moves are hidden (the ICB when no provider shows one).
 */
const LONE_ALONG_ICB = `
with lone as (
  select pathway_id, from_step, to_key from transition_cells where from_step <> 'all' and to_key <> 'all'
  group by all having count(*) filter (where hide) = 1 and count(*) filter (where provider_code = 'ICB') = 1
), episodes as (
  select pathway_id, provider_code, sum(n_episodes) as n from transition_stats where from_step = $start group by all
)
select pathway_id, arg_min(provider_code, (provider_code = 'ICB', n, provider_code)) as provider_code
from transition_cells t semi join lone using (pathway_id, from_step, to_key) join episodes using (pathway_id, provider_code)
where not t.hide
group by pathway_id`;
