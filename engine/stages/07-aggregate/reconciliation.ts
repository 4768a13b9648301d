// activity_attribution (published grain) and reconciliation: every pound in = attributed + outside + quarantined,
// each term summed on its own so that a pound attributed twice, lost, or attributed beyond its row shows.
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { SqlParams } from '../../sql.ts';
import { anyStepSql, firstDaySql } from '../06-attribute/index.ts';
import { type StageTable, ident } from '../../stage-table.ts';
import { PathcostError } from '../../errors.ts';

/** A cell may differ by at most this (£): every term is a sum of whole pence, so a correct build differs by 0. */
export const RECONCILIATION_TOLERANCE_GBP = 0.01;

/** In-episode rows, plus one `outside` row for the remainder of each activity row that is only partly inside. */
export async function publishAttribution(db: Db, attributed: string): Promise<void> {
  await db.run(`
insert into activity_attribution by name
select pathway_id, feed, source_id, patient_id, episode_id, step, phase, condition_related, is_complication,
  share, attributed_gbp as cost_gbp, strftime(start_date, '%Y-%m') as month, provider_code
from ${attributed}
union all
select any_value(pathway_id), feed, source_id, any_value(patient_id), null, null, null, null, null,
  1 - sum(share), any_value(cost_gbp) - sum(attributed_gbp), strftime(any_value(start_date), '%Y-%m'), any_value(provider_code)
from ${attributed}
-- a row wholly inside one window (share 1, nearly all) leaves no remainder: its group's shares sum to 1 or more
where share < 1 group by feed, source_id
having sum(share) < 1 - 1e-9`);
}

/**
 * Reconciliation rows of one pathway, per feed × provider × month, from sums that do not read each other:
 *   in          every priced row (activity_totals, the one pass over all rows) + quarantined money;
 *   attributed  the in-episode rows of activity_attribution, as published;
 *   outside     every priced row (activity_totals) less the pence of each scope row (stage 6) inside the
 *               pathway's windows, found by this statement's own join to `episodes` (not the attribute stage's
 *               table): rows of patients out of scope count whole, in-scope rows by their days outside; when
 *               the pathway leaves unmatched activity outside, a row is inside only if some step matches it;
 *   quarantined stage 4's quarantine (with the money priced for feeds that supply none).
 * A double count, a lost row or a share above 1 in the attribution moves `attributed` but not `outside`. A row
 * missing from the scope itself is counted outside by both routes and cannot show here.
 */
export async function reconcile(db: Db, def: PathwayDefinition, inputs: { scope: StageTable; totals: StageTable; quarantine: StageTable; ledger: StageTable }, episodes: string): Promise<void> {
  const p = new SqlParams();
  const pathway = p.bind(def.id);
  const firstDay = firstDaySql(p);
  // only annual cohorts may leave unmatched activity outside (schemas/pathway.ts): their year is all anchor phase
  const counted = def.unmatched_activity === 'other_step' ? 'true'
    : anyStepSql(def, p, { phase: `'anchor'`, anchorRow: `a.feed = 'apc_spells' and list_contains(w.anchors, a.source_id)` });
  await db.run(
    `
insert into reconciliation by name
with ordered as (
  select patient_id, window_start, window_end, stay_anchors,
    max(window_end) over (partition by patient_id order by window_start, window_end rows between unbounded preceding and 1 preceding) as reach
  from ${episodes}
), islands as (
  -- Windows sharing a day are one stretch, so a day is counted inside once even if stage 5 let windows overlap
  -- (the attribution would then count it twice, and this shows it).
  select patient_id, min(window_start) as window_start, max(window_end) as window_end, flatten(list(stay_anchors)) as anchors
  from (select *, sum(case when reach >= window_start then 0 else 1 end)
          over (partition by patient_id order by window_start, window_end rows unbounded preceding) as island from ordered)
  group by patient_id, island
), inside as (
  -- Inclusive days inside / days of the row, each stretch's part rounded to the penny as an attributed row is.
  select a.feed, a.provider_code, strftime(a.start_date, '%Y-%m') as month,
    sum(round(a.cost_gbp * (datediff('day', greatest(${firstDay}, w.window_start), least(a.end_date, w.window_end)) + 1)::double
      / (datediff('day', ${firstDay}, a.end_date) + 1), 2)::decimal(18,2)) as inside_gbp
  from ${ident(inputs.scope)} a join islands w
    on a.patient_id = w.patient_id and ${firstDay} <= w.window_end and a.end_date >= w.window_start
  where ${counted}
  group by all
), attributed as (
  select feed, provider_code, month, sum(cost_gbp) as attributed_gbp
  from activity_attribution where pathway_id = ${pathway} and episode_id is not null group by all
), quarantined as (
  select feed, coalesce(provider_code, 'UNKNOWN') as provider_code, coalesce(month, 'unknown') as month,
    sum(coalesce(cost_gbp, 0)) as quarantined_gbp
  from ${quoteIdent(inputs.quarantine.name)} where feed not in ('patients', 'cost_ledger', 'provider_mff', 'proms') group by all
), cells as (
  select feed, provider_code, month, coalesce(t.clean_gbp, 0) as clean_gbp,
    coalesce(i.inside_gbp, 0) as inside_gbp, coalesce(a.attributed_gbp, 0) as attributed_gbp, coalesce(q.quarantined_gbp, 0) as quarantined_gbp
  from (
    select feed, provider_code, month from ${quoteIdent(inputs.totals.name)} union select feed, provider_code, month from attributed
    union select feed, provider_code, month from inside union select feed, provider_code, month from quarantined
  ) k
  left join ${quoteIdent(inputs.totals.name)} t using (feed, provider_code, month)
  left join inside i using (feed, provider_code, month)
  left join attributed a using (feed, provider_code, month)
  left join quarantined q using (feed, provider_code, month)
), summed as (
  -- everything priced that no window of the pathway covers: rows of patients out of scope entirely, and the
  -- days of in-scope rows outside every window
  select *, clean_gbp - inside_gbp as outside_gbp from cells
)
select ${pathway} as pathway_id, feed, provider_code, month, clean_gbp + quarantined_gbp as in_gbp, attributed_gbp, outside_gbp,
  quarantined_gbp, 0 as non_attributable_gbp,
  clean_gbp + quarantined_gbp - attributed_gbp - outside_gbp - quarantined_gbp as difference_gbp
from summed`,
    p.values,
  );
  await reconcileLedgerLines(db, def.id, inputs.ledger, inputs.quarantine);
}

/**
 * Ledger lines no patient row carries (block contracts, corporate costs): in, and accounted for as such; and the
 * quarantined ledger lines, whatever their attribution, in and quarantined (their pounds must not vanish).
 */
async function reconcileLedgerLines(db: Db, pathwayId: string, ledger: StageTable, quarantine: StageTable): Promise<void> {
  await db.run(
    `
insert into reconciliation by name
with lines as (
  select provider_code, period as month, amount_gbp as non_attributable, 0 as quarantined
  from ${quoteIdent(ledger.name)} where reason is null and not patient_attributable
  union all
  select coalesce(provider_code, 'UNKNOWN'), coalesce(month, 'unknown'), 0, coalesce(cost_gbp, 0)
  from ${quoteIdent(quarantine.name)} where feed = 'cost_ledger'
)
select $pathway as pathway_id, 'cost_ledger' as feed, provider_code, month,
  sum(non_attributable + quarantined) as in_gbp, 0 as attributed_gbp, 0 as outside_gbp, sum(quarantined) as quarantined_gbp,
  sum(non_attributable) as non_attributable_gbp, 0 as difference_gbp
from lines group by all`,
    { pathway: pathwayId },
  );
}

interface FailedCell {
  pathway_id: string;
  feed: string;
  provider_code: string;
  month: string;
  in_gbp: string;
  attributed_gbp: string;
  outside_gbp: string;
  quarantined_gbp: string;
  difference_gbp: string;
  cells: number;
}

/**
 * Fails with RECONCILIATION_FAILED naming the cells (the largest first, then the count) when any differs by more
 * than a penny; otherwise returns the sum of |difference| (£).
 */
export async function checkReconciled(db: Db, shown = 5): Promise<number> {
  const failed = await db.all<FailedCell>(
    `
select pathway_id, feed, provider_code, month, in_gbp::varchar as in_gbp, attributed_gbp::varchar as attributed_gbp,
  outside_gbp::varchar as outside_gbp, quarantined_gbp::varchar as quarantined_gbp, difference_gbp::varchar as difference_gbp,
  (count(*) over ())::integer as cells
from reconciliation where abs(difference_gbp) > $tolerance
order by abs(difference_gbp) desc, pathway_id, feed, provider_code, month
limit $shown`,
    { tolerance: RECONCILIATION_TOLERANCE_GBP, shown },
  );
  if (failed.length > 0) {
    const cells = failed.map((c) =>
      `${c.pathway_id} ${c.feed} ${c.provider_code} ${c.month}: in £${c.in_gbp}, attributed £${c.attributed_gbp}, outside £${c.outside_gbp}, quarantined £${c.quarantined_gbp}, difference £${c.difference_gbp}`);
    const n = failed[0].cells;
    throw new PathcostError(
      'RECONCILIATION_FAILED',
      `${n} reconciliation cell${n === 1 ? '' : 's'} differ${n === 1 ? 's' : ''} by more than £${RECONCILIATION_TOLERANCE_GBP.toFixed(2)}${n > shown ? ` (the ${shown} largest)` : ''}: ${cells.join('; ')}.`,
      'The attribution does not account for every pound (a row counted twice, lost, or beyond its share), so nothing was published. Check that no two pathway definitions share an id; otherwise this is a bug: report it with these cells.',
    );
  }
  const { total } = await db.one<{ total: number | null }>(`select sum(abs(difference_gbp))::double as total from reconciliation`);
  return total ?? 0;
}
