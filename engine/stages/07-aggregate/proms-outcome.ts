// Outcomes beside cost (issue 22): links PROMs to episodes (proms-link.ts), fits the ICB's outcome model
// (outcome-model.ts), and publishes proms_linkage and provider_outcome per pathway × provider, with the hidden
// providers decided once by disclosure/outcome-cells.ts. Only eligible episodes count (their post-op window
// closed by the coverage end), so the latest months do not read as non-response. Adjusted gain follows the
// national PROMs method: the ICB's mean gain + (provider's mean post-op score − the mean its patients' case mix
// predicts). Funnel limits are the ICB's mean gain ± z·σ/√n with σ the model's residual standard deviation (no
// overdispersion term). Cost per unit is the mean all-cause actual cost of the linked episodes ÷ adjusted gain.
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { Db } from '../../db.ts';
import { discloseOutcomes } from '../../disclosure/outcome-cells.ts';
import { fitOutcomeModel } from './outcome-model.ts';
import { linkProms } from './proms-link.ts';
import type { StageTable } from '../../stage-table.ts';

const Z95 = 1.959964;
const Z998 = 3.090232;

/** Reads episode, summary_cells and variation; writes episode_outcome, proms_linkage and provider_outcome. */
export async function buildOutcomes(db: Db, proms: StageTable, definitions: PathwayDefinition[], options: { coverageEnd: string; threshold: number }): Promise<void> {
  await linkProms(db, proms, definitions, { coverageEnd: options.coverageEnd });
  await db.run(OBSERVATIONS_SQL);
  await fitOutcomeModel(db);
  for (const measure of ['oxford', 'eq5d']) {
    await db.run(
      `update episode_outcome o set ${measure}_expected_post = round(x.expected, 6)
       from outcome_expected x where x.measure = $measure and x.pathway_id = o.pathway_id and x.episode_id = o.episode_id`,
      { measure },
    );
  }
  await db.run(COUNTS_SQL);
  await discloseOutcomes(db, options.threshold);
  await db.run(LINKAGE_SQL);
  await db.run(OUTCOME_SQL);
}

const measureObservations = (measure: string) => `
select o.pathway_id, '${measure}' as measure, o.episode_id, o.anchor_provider_code as provider_code,
  o.${measure}_pre::double as pre, o.${measure}_post::double as post, e.age_band, e.sex, e.imd_quintile, e.total_cost_gbp
from episode_outcome o join episode e using (pathway_id, episode_id)
where o.eligible and o.link_status = 'linked' and o.${measure}_pre is not null and o.${measure}_post is not null`;

const OBSERVATIONS_SQL = `create or replace temp table outcome_obs as ${measureObservations('oxford')} union all ${measureObservations('eq5d')}`;

const provider = (column: string) => `case when grouping(${column}) = 1 then 'ICB' else ${column} end`;

const COUNTS_SQL = `
create or replace temp table outcome_counts as
with linkage as (
  select pathway_id, ${provider('anchor_provider_code')} as provider_code, count(*) filter (where eligible) as episodes,
    count(*) filter (where eligible and link_status <> 'no_record') as preop,
    count(*) filter (where eligible and link_status = 'linked') as linked,
    count(*) filter (where eligible and link_status = 'postop_outside_window') as outside_window,
    -- pathway_summary publishes every episode: less the eligible ones, the recent ones
    count(*) filter (where not eligible) as not_eligible
  from episode_outcome group by grouping sets ((pathway_id, anchor_provider_code), (pathway_id))
  having count(*) filter (where eligible) > 0
), unlinked as (
  select pathway_id, provider_code, n from proms_unlinked
  union all select pathway_id, 'ICB', sum(n) from proms_unlinked group by pathway_id
), measures as (
  select pathway_id, ${provider('provider_code')} as provider_code, measure, count(*) as n
  from outcome_obs group by grouping sets ((pathway_id, measure, provider_code), (pathway_id, measure))
)
select l.pathway_id, l.provider_code, p.population, p.size
from linkage l
left join unlinked u using (pathway_id, provider_code)
cross join lateral (
  select 'episodes' as population, l.episodes as size union all select 'preop', l.preop union all select 'linked', l.linked
  union all select 'outside_window', l.outside_window union all select 'unlinked_records', coalesce(u.n, 0)
  union all select m.measure, m.n from measures m where m.pathway_id = l.pathway_id and m.provider_code = l.provider_code
  -- not published, but the difference of two published counts: as small as any other, it hides its provider
  union all select 'no_preop', l.episodes - l.preop union all select 'preop_not_linked', l.preop - l.linked
  union all select 'not_eligible', l.not_eligible
  union all select 'linked_without_' || m.measure, l.linked - m.n from measures m where m.pathway_id = l.pathway_id and m.provider_code = l.provider_code
) p`;

const hiddenProviders = `
select pathway_id, provider_code, bool_or(hide and core) as hide, map_from_entries(list((population, size))) as sizes,
  map_from_entries(list((population, hide))) as hidden
from outcome_cells group by all`;

const rate = (part: string, whole: string) => `round(${part}::decimal(38, 10) / nullif(${whole}, 0), 4)::double`;

const LINKAGE_SQL = `
insert into proms_linkage by name
with cells as (${hiddenProviders}), c as (
  select pathway_id, provider_code, hide, sizes['episodes'] as episodes, sizes['preop'] as preop, sizes['linked'] as linked,
    case when not hidden['outside_window'] then sizes['outside_window'] end as outside_window,
    case when not hidden['unlinked_records'] then sizes['unlinked_records'] end as unlinked
  from cells
)
select pathway_id, provider_code, hide as suppressed,
  case when not hide then episodes end as n_episodes, case when not hide then preop end as n_preop,
  case when not hide then linked end as n_linked, case when not hide then outside_window end as n_postop_outside_window,
  case when not hide then ${rate('preop', 'episodes')} end as participation_rate,
  case when not hide then ${rate('linked', 'episodes')} end as linkage_rate,
  case when not hide then unlinked end as n_records_unlinked
from c`;

const OUTCOME_SQL = `
insert into provider_outcome by name
with obs as (
  select o.*, x.expected from outcome_obs o join outcome_expected x using (pathway_id, measure, episode_id)
), grouped as (
  select pathway_id, measure, ${provider('provider_code')} as provider_code, count(*) as n,
    sum(pre::decimal(38, 10)) / count(*) as mean_pre, sum(post::decimal(38, 10)) / count(*) as mean_post,
    sum(expected::decimal(38, 10)) / count(*) as mean_expected, sum(total_cost_gbp) / count(*) as mean_cost
  from obs group by grouping sets ((pathway_id, measure, provider_code), (pathway_id, measure))
), icb as (
  select pathway_id, measure, mean_post - mean_pre as icb_gain from grouped where provider_code = 'ICB'
), scored as (
  select g.*, f.residual_sd, f.model_terms, i.icb_gain, h.hide,
    case when g.provider_code = 'ICB' then i.icb_gain else i.icb_gain + g.mean_post - g.mean_expected end as adjusted,
    case when g.provider_code <> 'ICB' then f.residual_sd / sqrt(g.n) end as se,
    case g.measure when 'eq5d' then 0.1 else 1 end as unit
  from grouped g join icb i using (pathway_id, measure) join outcome_fit f using (pathway_id, measure)
  join (${hiddenProviders}) h using (pathway_id, provider_code)
)
select s.pathway_id, s.provider_code, s.measure, s.hide as suppressed,
  case when not s.hide then s.n end as n_linked,
  case when not s.hide then round(s.mean_pre, 4)::double end as mean_pre,
  case when not s.hide then round(s.mean_post, 4)::double end as mean_post,
  case when not s.hide then round(s.mean_post - s.mean_pre, 4)::double end as mean_gain,
  case when not s.hide then round(s.mean_expected - s.mean_pre, 4)::double end as expected_gain,
  case when not s.hide then round(s.adjusted, 4)::double end as adjusted_gain,
  case when not s.hide then round((s.mean_post - s.mean_pre) / nullif(s.mean_expected - s.mean_pre, 0), 4)::double end as outcome_oe,
  case when not s.hide then round(s.icb_gain - ${Z95} * s.se, 4) end as lower_95,
  case when not s.hide then round(s.icb_gain + ${Z95} * s.se, 4) end as upper_95,
  case when not s.hide then round(s.icb_gain - ${Z998} * s.se, 4) end as lower_998,
  case when not s.hide then round(s.icb_gain + ${Z998} * s.se, 4) end as upper_998,
  case when s.hide or s.se is null then null
    when s.adjusted > s.icb_gain + ${Z998} * s.se then 'above_998'
    when s.adjusted > s.icb_gain + ${Z95} * s.se then 'above_95'
    when s.adjusted < s.icb_gain - ${Z998} * s.se then 'below_998'
    when s.adjusted < s.icb_gain - ${Z95} * s.se then 'below_95'
    else 'within' end as outlier,
  case when not s.hide then round(s.mean_cost, 2) end as mean_cost_gbp,
  case when not s.hide and s.adjusted > 0 then round(s.mean_cost / (s.adjusted / s.unit), 2) end as cost_per_unit_gbp,
  case when not s.hide then v.oe_ratio end as cost_oe,
  round(s.residual_sd, 6) as residual_sd, s.model_terms
from scored s
left join variation v on v.pathway_id = s.pathway_id and v.provider_code = s.provider_code and v.basis = 'actual' and v.view = 'raw' and not v.suppressed`;
