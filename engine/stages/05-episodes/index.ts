// Stage 5 — episodes: anchors per patient (cohort.ts) → windows → overlap rule → cohort flags and status.
import { TRANSFER_ADMISSION_METHODS } from '../../../schemas/codes.ts';
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { EpisodeFlag } from '../../../schemas/tables/episode.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { SqlParams } from '../../sql.ts';
import type { StageTable } from '../../stage-table.ts';
import { buildAnnualCohort } from './annual-cohort.ts';
import { anchorConditions, codedFlagsSql } from './cohort.ts';
import { anyRuleSql } from './rules.ts';

export interface EpisodeOptions {
  /** Last day every present feed covers fully; episodes whose window ends later are provisional. */
  coverageEnd: string;
}

export interface EpisodeInputs {
  /** Clean activity, unpriced (anchors need no price): procedure anchors are acute rows, a cohort's codes any row. */
  activity: StageTable;
  /** The checked patients feed (clean rows: reason is null). */
  patients: StageTable;
  /** Stage 4's monthly volumes and coverage per feed: an annual cohort's first year follows the first month of data. */
  feedMonth: StageTable;
}

/** The age band of an `age` column; no band when the age is unknown (no valid birth date). */
export const AGE_BAND_SQL = `case when age is null then null when age < 18 then '0-17' when age < 55 then '18-54' when age < 65 then '55-64' when age < 75 then '65-74' when age < 85 then '75-84' else '85+' end`;

/** Builds `episode_<n>` for one pathway (then appended into `episode` by the caller). */
export async function buildEpisodes(db: Db, def: PathwayDefinition, inputs: EpisodeInputs, table: string, options: EpisodeOptions): Promise<void> {
  if (def.anchor.kind === 'annual_cohort' || !def.window) return buildAnnualCohort(db, def, inputs, table, options);
  const p = new SqlParams();
  const conditions = anchorConditions(def, p);
  const codedFlags = codedFlagsSql(def, p);
  const lookback = p.bind(def.window.lookback_days);
  // Discharge day is day 1 of the look-forward window, so day N is discharge + N − 1.
  const lookforward = p.bind(def.window.lookforward_days);
  const pathway = p.bind(def.id);
  const coverageEnd = p.bind(options.coverageEnd);
  const merge = def.overlaps.rule === 'merge';
  const flag = (name: EpisodeFlag) => p.bind(name);
  await db.run(
    `
create or replace table ${table} as
with candidates as (
  select a.*, pt.birth_date, pt.sex, pt.imd_decile, pt.practice_code, pt.date_of_death, pt.registered_to,
    -- complete years (datediff counts month boundaries crossed, a year too many in the birthday's month before the day);
    -- a birth date after the admission is wrong, so the age is unknown (kept, as with no birth date), not negative
    case when pt.birth_date <= a.start_date then date_sub('year', pt.birth_date, a.start_date)::bigint end as age
  from ${quoteIdent(inputs.activity.name)} a left join ${quoteIdent(inputs.patients.name)} pt on pt.patient_id = a.patient_id and pt.reason is null
  where a.setting = 'acute'
), anchors as (
  select *, ${codedFlags} as coded_flags from candidates a where ${conditions.join('\n    and ')}
), ${staysCte(def, p, quoteIdent(inputs.activity.name), lookback, lookforward)}, ordered as (
  -- Ties on the same day break on the source id, so the result never depends on row order.
  select *,
    lead(start_date) over w as next_start,
    lead(ws0) over w as next_ws0,
    lag(we0) over w as prev_we0,
    lag(source_id) over w as prev_source_id,
    lead(source_id) over w as next_source_id
  from stays window w as (partition by patient_id order by start_date, source_id)
), ${merge ? mergedCte() : splitCte()}
select ${pathway} || ':' || source_id as episode_id, ${pathway} as pathway_id, patient_id, source_id as anchor_source_id, stay_anchors, stay_spells,
  provider_code as anchor_provider_code, practice_code, start_date as anchor_start, end_date as anchor_end,
  window_start, window_end, strftime(start_date, '%Y-%m') as month,
  datediff('day', start_date, end_date)::bigint as los_days, age,
  ${AGE_BAND_SQL} as age_band,
  sex, imd_decile, ((imd_decile + 1) // 2)::bigint as imd_quintile,
  coalesce(right(hrg, 1), 'U') as complication_band,
  case when window_end > ${coverageEnd}::date then 'provisional' else 'complete' end as status,
  coded_flags || list_filter([
    case when date_of_death between start_date and window_end then ${flag('died_in_window')} end,
    case when date_of_death < start_date then ${flag('died_before_anchor')} end,
    -- ended before the window too: the primary care before the anchor is missing as well
    case when registered_to <= window_end then ${flag('moved_away')} end,
    case when overlapped then ${flag('bilateral_staged')} end,
    case when same_day_anchors and not list_contains(coded_flags, ${flag('bilateral_same_spell')}) then ${flag('bilateral_same_spell')} end,
    case when window_end > ${coverageEnd}::date then ${flag('window_not_covered')} end
  ], f -> f is not null) as flags
from windows`,
    p.values,
  );
}

/**
 * A spell admitted by transfer from another hospital (HES admission method 2B emergency, 81 other) on the day the
 * previous spell ended, or the day after, continues that stay: the continuous inpatient spell (CIPS) of HES
 * analysis, which links spells across providers so that a stroke or hip fracture moved for surgery or
 * rehabilitation is one stay, not an episode and a readmission (Busby, Purdy and Hollingworth, BMC Health Services
 * Research 2017, 17:347). A transfer admits a patient who is in hospital, so only a day's slack in the recorded
 * dates is allowed: a 2B admission days after discharge home came from a stay the extract does not hold.
 */
const TRANSFER_GAP_DAYS = 1;

/**
 * Stays, then one row per stay with an anchor. The spells that can make a stay are the anchors, the spells the
 * anchor rules' `include` codes match (a hip fracture admitted without its operation) and transfers; any other
 * spell (an unrelated long stay, a readmission) is left to the phases as activity. A spell continues the stay before
 * it when it is a transfer from the previous one (into an anchor only from a spell of the pathway), or an anchor
 * admitted before an earlier anchor's discharge (both eyes on one day). Each stay is anchored on its first anchor
 * and spans its spells (`stay_spells`), so the window counts from the last discharge and all of them are in its
 * anchor phase (06-attribute); its later anchors are in the anchor step (`stay_anchors`). A transfer carries no
 * flag; an anchor admitted the same day as the first is `same_day_anchors`, one on a later day `same_stay`.
 */
function staysCte(def: PathwayDefinition, p: SqlParams, activity: string, lookback: string, lookforward: string): string {
  const transfer = `coalesce(list_contains(${p.bind(TRANSFER_ADMISSION_METHODS)}, a.admission_method), false)`;
  // read from the activity itself, not from candidates: a second reader of that CTE made DuckDB materialise every
  // acute row with its patient (the episodes stage took 2.9 s at 1M instead of 0.3 s)
  return `spells as (
  select a.patient_id, a.feed, a.source_id, a.start_date, a.end_date, n.source_id is not null as is_anchor,
    ${transfer} as is_transfer, ${anyRuleSql(def, def.anchor.include, p)} as on_pathway
  from ${activity} a left join anchors n on n.patient_id = a.patient_id and n.feed = a.feed and n.source_id = a.source_id
  where a.patient_id in (select patient_id from anchors) and (n.source_id is not null or a.feed = 'apc_spells')
), linked as (
  select *,
    is_transfer and start_date between prev_end and prev_end + ${p.bind(TRANSFER_GAP_DAYS)}::integer and (not is_anchor or prev_on_pathway) as transfer_in,
    is_anchor and start_date <= earlier_anchor_end as anchor_overlap
  from (
    select *, lag(end_date) over w as prev_end, lag(is_anchor or on_pathway) over w as prev_on_pathway,
      max(end_date) filter (where is_anchor) over (partition by patient_id order by start_date, source_id rows between unbounded preceding and 1 preceding) as earlier_anchor_end
    from spells where is_anchor or on_pathway or is_transfer window w as (partition by patient_id order by start_date, source_id)
  )
), staged as (
  select *, sum(case when coalesce(transfer_in or anchor_overlap, false) then 0 else 1 end)
    over (partition by patient_id order by start_date, source_id) as stay
  from linked
), ranked as (
  select *, min(start_date) filter (where is_anchor) over s as first_anchor_start,
    row_number() over (partition by patient_id, stay, is_anchor order by start_date, source_id) as anchor_rank
  from staged window s as (partition by patient_id, stay)
), bounds as (
  select patient_id, stay, min(start_date) as stay_start, max(end_date) as stay_end,
    list(source_id order by start_date, source_id) filter (where is_anchor) as stay_anchors,
    list(source_id order by start_date, source_id) filter (where feed = 'apc_spells') as stay_spells,
    bool_or(is_anchor and anchor_rank > 1 and not transfer_in and start_date = first_anchor_start) as same_day_anchors,
    bool_or(is_anchor and anchor_rank > 1 and not transfer_in and start_date > first_anchor_start) as same_stay
  from ranked group by patient_id, stay having bool_or(is_anchor)
), stays as (
  select a.* replace (b.stay_start as start_date, b.stay_end as end_date), b.stay_anchors, b.stay_spells, b.same_day_anchors, b.same_stay,
    b.stay_start - ${lookback}::integer as ws0, b.stay_end + ${lookforward}::integer - 1 as we0
  from anchors a join bounds b on b.patient_id = a.patient_id and b.stay_anchors[1] = a.source_id
)`;
}

/** split: a later stay starts a new episode; the earlier window ends the day before it is admitted. */
function splitCte(): string {
  return `windows as (
  select *,
    -- least/greatest skip NULLs in DuckDB, so the first and last anchors are handled explicitly.
    case when prev_we0 is null then ws0 else greatest(ws0, least(prev_we0, start_date - 1) + 1) end as window_start,
    case when next_start is null then we0 else least(we0, next_start - 1) end as window_end,
    same_stay or coalesce(prev_we0 >= ws0, false) or coalesce(next_ws0 <= we0, false) as overlapped
  from ordered
)`;
}

/** merge: stays whose windows overlap form one episode, anchored on the first, ending at the last window. */
function mergedCte(): string {
  return `islands as (
  select *, sum(case when prev_we0 >= ws0 then 0 else 1 end) over (partition by patient_id order by start_date, source_id) as island
  from ordered
), windows as (
  select * exclude (rn, island_end, island_size, island_same_stay), island_end as window_end, ws0 as window_start,
    island_size > 1 or island_same_stay as overlapped
  from (select *, row_number() over (partition by patient_id, island order by start_date, source_id) as rn,
          max(we0) over (partition by patient_id, island) as island_end, count(*) over (partition by patient_id, island) as island_size,
          bool_or(same_stay) over (partition by patient_id, island) as island_same_stay
        from islands)
  where rn = 1
)`;
}
