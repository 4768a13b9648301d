// Stage 5 — episodes: anchors per patient (cohort.ts) → windows → overlap rule → cohort flags and status.
import type { PathwayDefinition } from '../../../schemas/pathway.ts';
import type { EpisodeFlag } from '../../../schemas/tables/episode.ts';
import { type Db, quoteIdent } from '../../db.ts';
import { SqlParams } from '../../sql.ts';
import type { StageTable } from '../../stage-table.ts';
import { buildAnnualCohort } from './annual-cohort.ts';
import { anchorConditions, codedFlagsSql } from './cohort.ts';

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
  select *, start_date - ${lookback}::integer as ws0, end_date + ${lookforward}::integer - 1 as we0, ${codedFlags} as coded_flags
  from candidates a where ${conditions.join('\n    and ')}
), ${merge ? '' : `${staysCte()},`} ordered as (
  -- Ties on the same day break on the source id, so the result never depends on row order.
  select *,
    lead(start_date) over w as next_start,
    lead(ws0) over w as next_ws0,
    lag(we0) over w as prev_we0,
    lag(source_id) over w as prev_source_id,
    lead(source_id) over w as next_source_id
  from ${merge ? 'anchors' : 'stays'} window w as (partition by patient_id order by start_date, source_id)
), ${merge ? mergedCte() : splitCte()}
select ${pathway} || ':' || source_id as episode_id, ${pathway} as pathway_id, patient_id, source_id as anchor_source_id,
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
    case when window_end > ${coverageEnd}::date then ${flag('window_not_covered')} end
  ], f -> f is not null) as flags
from windows`,
    p.values,
  );
}

/**
 * split, first: anchors admitted on or before an earlier anchor's discharge (a transfer between spells, both eyes
 * on one day) are one stay, anchored on the first, ending at the last discharge, so no window ends before its own
 * anchor does; the later anchors are activity of that episode.
 */
function staysCte(): string {
  return `stays as (
  select * exclude (rn, stay, stay_end, stay_we0, stay_size, earlier_end) replace (stay_end as end_date, stay_we0 as we0), stay_size > 1 as same_stay
  from (
    select *, row_number() over (partition by patient_id, stay order by start_date, source_id) as rn, max(end_date) over s as stay_end, max(we0) over s as stay_we0, count(*) over s as stay_size
    from (
      select *, sum(case when start_date <= earlier_end then 0 else 1 end) over (partition by patient_id order by start_date, source_id) as stay
      from (select *, max(end_date) over (partition by patient_id order by start_date, source_id rows between unbounded preceding and 1 preceding) as earlier_end from anchors)
    )
    window s as (partition by patient_id, stay)
  )
  where rn = 1
)`;
}

/** split: a later anchor starts a new episode; the earlier window ends the day before it is admitted. */
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

/** merge: anchors whose windows overlap form one episode, anchored on the first, ending at the last window. */
function mergedCte(): string {
  return `islands as (
  select *, sum(case when prev_we0 >= ws0 then 0 else 1 end) over (partition by patient_id order by start_date, source_id) as island
  from ordered
), windows as (
  select * exclude (rn, island_end, island_size), island_end as window_end, ws0 as window_start, island_size > 1 as overlapped
  from (select *, row_number() over (partition by patient_id, island order by start_date, source_id) as rn,
          max(we0) over (partition by patient_id, island) as island_end, count(*) over (partition by patient_id, island) as island_size
        from islands)
  where rn = 1
)`;
}
