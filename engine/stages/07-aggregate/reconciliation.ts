// activity_attribution (published grain) and reconciliation: every pound in = attributed + outside + quarantined.
import type { Db } from '../../db.ts';

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
from ${attributed} group by feed, source_id
having sum(share) < 1 - 1e-9`);
}

export async function reconcile(db: Db, pathwayId: string, attributed: string): Promise<void> {
  await db.run(
    `
insert into reconciliation by name
with attributed as (
  select feed, provider_code, strftime(start_date, '%Y-%m') as month, sum(attributed_gbp) as attributed_gbp
  from ${attributed} group by all
), clean as (
  -- activity_totals holds every clean row's money (built once); the in-episode share is what the
  -- attribution assigned, and the rest of each row is outside the pathway.
  select t.feed, t.provider_code, t.month, t.clean_gbp, coalesce(a.attributed_gbp, 0) as attributed_gbp,
    t.clean_gbp - coalesce(a.attributed_gbp, 0) as outside_gbp
  from activity_totals t left join attributed a using (feed, provider_code, month)
), quarantined as (
  select feed, coalesce(provider_code, 'UNKNOWN') as provider_code, coalesce(month, 'unknown') as month,
    sum(coalesce(cost_gbp, 0)) as quarantined_gbp
  from quarantine where feed not in ('patients', 'cost_ledger', 'provider_mff') group by all
)
select $pathway as pathway_id, feed, provider_code, month,
  coalesce(clean_gbp, 0) + coalesce(quarantined_gbp, 0) as in_gbp,
  coalesce(attributed_gbp, 0) as attributed_gbp, coalesce(outside_gbp, 0) as outside_gbp,
  coalesce(quarantined_gbp, 0) as quarantined_gbp, 0 as non_attributable_gbp,
  coalesce(clean_gbp, 0) + coalesce(quarantined_gbp, 0) - coalesce(attributed_gbp, 0) - coalesce(outside_gbp, 0) - coalesce(quarantined_gbp, 0) as difference_gbp
from clean full join quarantined using (feed, provider_code, month)`,
    { pathway: pathwayId },
  );
  await reconcileLedger(db, pathwayId);
}

/** Ledger lines no patient row carries (block contracts, corporate costs): in, and accounted for as such. */
async function reconcileLedger(db: Db, pathwayId: string): Promise<void> {
  if (!(await db.exists('checked_cost_ledger'))) return;
  await db.run(
    `
insert into reconciliation by name
select $pathway as pathway_id, 'cost_ledger' as feed, provider_code, period as month,
  sum(amount_gbp) as in_gbp, 0 as attributed_gbp, 0 as outside_gbp, 0 as quarantined_gbp, sum(amount_gbp) as non_attributable_gbp, 0 as difference_gbp
from checked_cost_ledger where reason is null and not patient_attributable
group by all`,
    { pathway: pathwayId },
  );
}
