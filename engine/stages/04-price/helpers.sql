-- Helpers shared by price_key.sql and activity.sql, so both compute the same join keys (macros are inlined:
-- no cost). Temporary: they live only as long as the connection.

-- Financial year (April–March) of a date as its first calendar year: 2024-06-10 → 2024 (2024/25).
create or replace temp macro pricing_fy(d) as
  extract(year from d) - case when extract(month from d) < 4 then 1 else 0 end;

-- Financial year whose prices a row takes: a hospital spell's is the year it ended, as the National Cost
-- Collection counts admitted patient care in the year the episode finished (a spell from 30 March to 2 April is a
-- cost of the new year; an open spell ends at the data cut-off, stage 3); any other row's, the year it started.
create or replace temp macro pricing_year(activity_type, start_date, end_date) as
  pricing_fy(case when activity_type in ('apc_elective', 'apc_emergency', 'apc_other') then coalesce(end_date, start_date) else start_date end);

-- Pricing class of a row: which rules of reference/ncc_currency_map.csv apply (its `qualifier`).
-- Spells: an elective spell with LOS 0 (discharged the day it started) is a day case; the NCC's non-elective
-- short stay is LOS 0 or 1 day. Outpatients: an imaging attendance (TFC 812, Diagnostic Imaging) is priced from
-- the imaging schedules, a consultation by telephone, video or in writing as non-face-to-face; face to face or
-- not recorded is null (the map's '*' rules). Community contacts: by telephone or video, non-face-to-face (the
-- map's '<service>|non_face_to_face' rule where the schedule has one, e.g. district nursing N02AN; else the
-- service's own). Null for anything else.
create or replace temp macro pricing_class(activity_type, start_date, end_date, tfc, mode) as
  case
    when activity_type = 'apc_elective' then case when end_date = start_date then 'day_case' else 'ordinary' end
    when activity_type in ('apc_emergency', 'apc_other') then case when end_date - start_date < 2 then 'short_stay' else 'long_stay' end
    when activity_type in ('op_first', 'op_follow_up') then case
      when tfc = '812' then 'imaging'
      when mode <> 'face_to_face' then 'non_face_to_face'
    end
    when activity_type = 'community_contact' and mode in ('telephone', 'video') then 'non_face_to_face'
  end;

-- x rounded to pennies: the same value as round(x, 2), which calls pow(10, 2) on every row (a tenth of the
-- pricing pass over 50M rows).
create or replace temp macro round_pence(x) as round(x * 100) / 100;

-- Factor restating a price with NHSCII index `idx` to the build's price year; 1 when no price year was
-- asked for; null when either year has no index (the price then stays in its own year).
create or replace temp macro pricing_target_factor(idx, target_year, target_index) as
  case when target_year is null then 1.0 when idx is not null and target_index is not null then target_index / idx end;

-- The adjustment text for that restatement (null when nothing was asked or the year is already right).
create or replace temp macro pricing_target_note(price_year, idx, extrapolated, target_year, target_index, target_extrapolated) as
  case
    when target_year is null or price_year = target_year then null
    when idx is not null and target_index is not null then
      'restated ' || price_year || '→' || target_year || ' ×' || printf('%.4f', target_index / idx)
        || case when extrapolated or target_extrapolated then ' (NHSCII extrapolated)' else '' end
    else 'not restated to ' || target_year || ': no NHSCII index for ' || price_year
  end;
