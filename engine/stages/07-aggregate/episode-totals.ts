// Episode totals (actual, condition-related, standardised, overhead-standardised, MFF-neutral) and the flags that
// depend on attributed activity (readmission within N days, A&E after surgery).
import type { EpisodeFlag } from '../../../schemas/tables/episode.ts';
import { type Db, quoteIdent } from '../../db.ts';
import type { StageTable } from '../../stage-table.ts';
import { IS_SPLIT, SPLIT_TOTAL } from '../04-price/plics-split.ts';

/**
 * ICB-wide share of overheads in PLICS-costed activity: the common rate of the overhead-standardised view. From
 * stage 4's totals (every priced row read once), not a further read of every priced row.
 */
export async function icbOverheadRate(db: Db, totals: StageTable): Promise<number> {
  const row = await db.one<{ rate: number | null }>(`
select (sum(split_overheads_gbp) / nullif(sum(split_total_gbp), 0))::double as rate from ${quoteIdent(totals.name)}`);
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
    -- Replace the provider's own overhead share with the ICB-wide rate: direct cost / (1 − rate). At a rate
    -- of 1 no PLICS row has a direct cost to scale, so the actual cost stands. Each row is rounded to a DECIMAL
    -- before the sum, which is then exact (a sum of doubles depends on thread order).
    sum(case when ${IS_SPLIT} and $rate < 1
          then round(attributed_gbp * (1 - cost_overheads / (${SPLIT_TOTAL})) / (1 - $rate), 2)::decimal(18, 2)
          else attributed_gbp end) as overhead_standardised_cost_gbp,
    sum(attributed_mff_neutral_gbp) as mff_neutral_cost_gbp,
    bool_or(is_complication and activity_type = 'apc_emergency') as readmitted,
    bool_or(is_complication and activity_type = 'ae_attendance') as post_op_ae
  from ${attributed} group by episode_id
)
select e.* exclude (flags, stay_anchors, stay_spells),
  list_filter(e.flags || [case when t.readmitted then $readmitted end, case when t.post_op_ae then $post_op_ae end], f -> f is not null) as flags,
  coalesce(t.total_cost_gbp, 0) as total_cost_gbp, coalesce(t.condition_cost_gbp, 0) as condition_cost_gbp,
  coalesce(t.standardised_cost_gbp, 0) as standardised_cost_gbp, coalesce(t.overhead_standardised_cost_gbp, 0) as overhead_standardised_cost_gbp,
  coalesce(t.mff_neutral_cost_gbp, 0) as mff_neutral_cost_gbp
from ${episodes} e left join totals t using (episode_id)`,
    { rate: overheadRate, readmitted: 'readmitted' satisfies EpisodeFlag, post_op_ae: 'post_op_ae' satisfies EpisodeFlag },
  );
}
