// Annual cohort of a long-term condition: a patient with a qualifying code (e.g. a type 2 diabetes SNOMED CT
// concept on a GP appointment) on or before the end of a financial year has one episode for that year, its
// window the year itself (1 April to 31 March), as QOF registers are counted per financial year.
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { EpisodeFlag } from '../../../schemas/tables/episode.ts';
import type { Db } from '../../db.ts';
import { SqlParams } from '../../sql.ts';
import { anchorActivityTypes, anchorConditions } from './cohort.ts';
import { anyRuleSql } from './rules.ts';
import { DATA_MONTH_SHARE } from '../02-validate/cutoff.ts';
import { ident } from '../../stage-table.ts';
import { AGE_BAND_SQL, type EpisodeInputs, type EpisodeOptions } from './index.ts';

/**
 * Builds `episode_<n>` for an annual_cohort definition. The years are those wholly inside the data: from the
 * first 1 April on or after the first month of data (`feed_month`: the first month in which some feed holds a
 * tenth of its median month, as for the cut-off) to the year holding the coverage end (that last year
 * provisional while it is not covered). A year begun before the data would be part-costed, and one old coded
 * record (a diagnosis of 2015 in a GP extract from 2023) must not open years of £0 episodes.
 * A patient is in a year's cohort when a qualifying code falls on or before its last day, and no resolved code
 * (`resolved_by`) follows the latest one by then (the register is
 * cumulative: the code may be years old), and the patient was alive and registered on some day of it (with the
 * current practice, or, by a code recorded in the year, with an earlier one).
 */
export async function buildAnnualCohort(db: Db, def: PathwayDefinition, inputs: EpisodeInputs, table: string, options: EpisodeOptions): Promise<void> {
  const p = new SqlParams();
  // Age rules apply to the age on each year's last day, below, not to the coded activity.
  const conditions = anchorConditions({ ...def, anchor: { ...def.anchor, min_age: undefined, max_age: undefined } }, p);
  const { min_age: minAge, max_age: maxAge } = def.anchor;
  const pathway = p.bind(def.id);
  const coverageEnd = p.bind(options.coverageEnd);
  const flag = (name: EpisodeFlag) => p.bind(name);
  const resolvedBy = def.anchor.resolved_by ?? [];
  const resolution = resolvedBy.length
    ? `list_contains(${p.bind(anchorActivityTypes(def))}, a.activity_type) and ${anyRuleSql(def, resolvedBy, p)}`
    : 'false';
  await db.run(
    `
create or replace table ${table} as
with coded as (
  -- one read of the activity for the qualifying codes and the resolved ones
  select a.patient_id, a.start_date, a.source_id, a.provider_code, ${resolution} as resolves from ${ident(inputs.activity)} a
  where (${conditions.join('\n    and ')}) or ${resolution}
), codes as (
  select * from coded where not resolves
), bounds as (
  -- a financial year y runs from 1 April y to 31 March y + 1
  select year(d0) + (month(d0) > 4)::integer as first_year, year(d1) - (month(d1) < 4)::integer as last_year
  from (
    select strptime(min(month) || '-01', '%Y-%m-%d')::date as d0, ${coverageEnd}::date as d1
    from ${ident(inputs.feedMonth)} where coverage >= ${p.bind(DATA_MONTH_SHARE)}
  )
), years as (
  select make_date(y::integer, 4, 1) as fy_start, make_date(y::integer + 1, 3, 31) as fy_end,
    y::varchar || '-' || right((y + 1)::varchar, 2) as fy
  from bounds, range(first_year, last_year + 1) t(y)
), members as (
  -- the latest qualifying code of the year or before it is the episode's evidence (ties broken on the source id)
  select c.patient_id, y.fy_start, y.fy_end, y.fy,
    arg_max(c.source_id, strftime(c.start_date, '%Y-%m-%d') || c.source_id) as source_id,
    arg_max(c.provider_code, strftime(c.start_date, '%Y-%m-%d') || c.source_id) as code_provider,
    max(c.start_date) as last_code
  from codes c join years y on c.start_date <= y.fy_end
  group by all
), resolutions as (
  -- the latest resolved code of the year or before it (QOF: the latest diagnosis must not be followed by one)
  select c.patient_id, y.fy_start, max(c.start_date) as last_resolved
  from coded c join years y on c.start_date <= y.fy_end
  where c.resolves
  group by all
), cohort as (
  select m.*, pt.sex, pt.imd_decile, pt.practice_code, pt.date_of_death, pt.registered_to,
    -- age on the year's last day, QOF's achievement date (the diabetes register rejects patients "aged under 17
    -- years old on the achievement date"): a patient turning 17 in the year is on that year's register. Born after
    -- the year ended (after its coded evidence): a wrong date, so the age is unknown rather than negative, as in
    -- the procedure pathways
    case when pt.birth_date <= m.fy_end then date_sub('year', pt.birth_date, m.fy_end)::bigint end as age
  from members m left join ${ident(inputs.patients)} pt on pt.patient_id = m.patient_id and pt.reason is null
  left join resolutions r on r.patient_id = m.patient_id and r.fy_start = m.fy_start
  where (r.last_resolved is null or m.last_code > r.last_resolved)
    and coalesce(pt.date_of_death >= m.fy_start, true)
    and coalesce(pt.registered_to >= m.fy_start, true)
    -- registered_from is the start with the current practice: a code recorded in the year shows the patient was
    -- registered in the ICB then, with the practice before (a move between its practices keeps the earlier years)
    and (coalesce(pt.registered_from <= m.fy_end, true) or m.last_code >= m.fy_start)
)
select ${pathway} || ':' || patient_id || ':' || fy as episode_id, ${pathway} as pathway_id, patient_id, source_id as anchor_source_id, [source_id] as stay_anchors, []::varchar[] as stay_spells,
  -- the practice the patient is registered with holds the register, whoever recorded the code
  coalesce(practice_code, code_provider) as anchor_provider_code, practice_code,
  fy_start as anchor_start, fy_end as anchor_end, fy_start as window_start, fy_end as window_end,
  strftime(fy_start, '%Y-%m') as month, 0::bigint as los_days, age,
  ${AGE_BAND_SQL} as age_band,
  sex, imd_decile, ((imd_decile + 1) // 2)::bigint as imd_quintile,
  'U' as complication_band,
  case when fy_end > ${coverageEnd}::date then 'provisional' else 'complete' end as status,
  list_filter([
    case when date_of_death <= fy_end then ${flag('died_in_window')} end,
    case when registered_to <= fy_end then ${flag('moved_away')} end,
    case when fy_end > ${coverageEnd}::date then ${flag('window_not_covered')} end
  ], f -> f is not null) as flags
from cohort
where ${minAge !== undefined ? `(age is null or age >= ${p.bind(minAge)})` : 'true'} and ${maxAge !== undefined ? `(age is null or age <= ${p.bind(maxAge)})` : 'true'}`,
    p.values,
  );
}
