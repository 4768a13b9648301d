// Episode totals (actual, condition-related, standardised, overhead-standardised, MFF-neutral) and the flags that
// depend on attributed activity (readmission within N days, A&E after surgery).
import type { Db } from '../../db.ts';

/** ICB-wide share of overheads in PLICS-costed activity: the common rate of the overhead-standardised view. */
export async function icbOverheadRate(db: Db): Promise<number> {
  const row = await db.one<{ rate: number | null }>(`
select (sum(cost_overheads) / nullif(sum(cost_staff + cost_theatre + cost_ward + cost_drugs + cost_devices + cost_diagnostics + cost_overheads), 0))::double as rate
from activity where cost_basis = 'plics_actual' and cost_overheads is not null`);
  return row.rate ?? 0;
}

export async function finishEpisodes(db: Db, episodes: string, attributed: string, overheadRate: number): Promise<void> {
  await db.run(
    `
insert into episode by name
with totals as (
  select episode_id,
    sum(attributed_gbp) as total_cost_gbp,
    coalesce(sum(attributed_gbp) filter (where condition_related), 0) as condition_cost_gbp,
    sum(attributed_standardised_gbp) as standardised_cost_gbp,
    -- Replace the provider's own overhead share with the ICB-wide rate: direct cost / (1 − rate).
    sum(case when cost_basis = 'plics_actual' and cost_overheads is not null
          then round(attributed_gbp * (1 - cost_overheads / nullif(cost_staff + cost_theatre + cost_ward + cost_drugs + cost_devices + cost_diagnostics + cost_overheads, 0)) / (1 - $rate), 2)
          else attributed_gbp end) as overhead_standardised_cost_gbp,
    sum(attributed_mff_neutral_gbp) as mff_neutral_cost_gbp,
    bool_or(is_complication and activity_type = 'apc_emergency') as readmitted,
    bool_or(is_complication and activity_type = 'ae_attendance') as post_op_ae
  from ${attributed} group by episode_id
)
select e.* exclude (flags),
  list_filter(e.flags || [case when t.readmitted then 'readmitted' end, case when t.post_op_ae then 'post_op_ae' end], f -> f is not null) as flags,
  coalesce(t.total_cost_gbp, 0) as total_cost_gbp, coalesce(t.condition_cost_gbp, 0) as condition_cost_gbp,
  coalesce(t.standardised_cost_gbp, 0) as standardised_cost_gbp, coalesce(t.overhead_standardised_cost_gbp, 0) as overhead_standardised_cost_gbp,
  coalesce(t.mff_neutral_cost_gbp, 0) as mff_neutral_cost_gbp
from ${episodes} e left join totals t using (episode_id)`,
    { rate: overheadRate },
  );
}
