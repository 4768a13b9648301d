-- One row per synthetic person: age and sex (ONS pyramid), locality (LSOA → IMD, practice, trusts, LA),
-- registration, natural deaths and moves away. Random streams 100–139. Ages are at the period start.
create or replace table persons_base as
with ids as (
  select i as pno from range(getvariable('n_patients')) t(i)
),
ages as (
  select pno,
    rnd(pno, 0, 100) < demography().birth_rate * getvariable('years') as born_in_period,
    len(list_filter(age_pyramid_cum(), c -> c <= rnd(pno, 0, 101))) as band5
  from ids
),
dob as (
  select *,
    case
      -- babies born during the period, early enough to be registered (six weeks) before it ends
      when born_in_period then -floor(rnd(pno, 0, 102) * (getvariable('period_days') - 60)) / 365.25
      when band5 = 18 then 90 + least(rexp(pno, 0, 103) * 4, 15)
      else band5 * 5 + rnd(pno, 0, 103) * 5
    end as age0
  from ages
),
demo as (
  select *,
    getvariable('d_from') - round(age0 * 365.25)::integer as birth_exact,
    case
      when rnd(pno, 0, 104) < demography().sex_unknown then '9'
      when rnd(pno, 0, 105) < female_share()[band5 + 1] then '2'
      else '1'
    end as sex,
    floor(rnd(pno, 0, 106) * getvariable('n_lsoa'))::bigint as lsoa_idx,
    -- morbidity: mean 1, long right tail (a few people use most care); deprivation adds to it below
    0.25 + 0.75 * rexp(pno, 0, 107) as morbidity
  from dob
),
place as (
  select *,
    lsoa_idx / getvariable('n_lsoa') as locality,
    -- IMD decile is a property of the LSOA
    1 + floor(rnd(lsoa_idx, -1, 108) * 10)::integer as imd_decile,
    -- people register near home: practice follows locality, one in ten further away
    case when rnd(pno, 0, 109) < 0.1 then floor(rnd(pno, 0, 110) * getvariable('n_practices'))
         else floor(lsoa_idx * getvariable('n_practices') / getvariable('n_lsoa')) end::integer as practice_idx
  from demo
),
registration as (
  select *,
    case
      when born_in_period then birth_exact + 42
      when rnd(pno, 0, 111) < demography().move_in * getvariable('years')
        then getvariable('d_from') + floor(rnd(pno, 0, 112) * getvariable('period_days'))::integer
      else greatest(birth_exact + 42, getvariable('d_from') - 1 - floor(rexp(pno, 0, 113) * 3000)::integer)
    end as registered_from
  from place
),
exits as (
  select *,
    greatest(getvariable('d_from'), registered_from) as start_eff,
    case when age0 < 1 then demography().q_infant
         else least(demography().q_max, demography().q_a * exp(demography().q_b * age0)) end as q_annual
  from registration
),
events as (
  select *,
    case when rnd(pno, 0, 114) < demography().move_out * getvariable('years') and start_eff < getvariable('d_to')
      then start_eff + 1 + floor(rnd(pno, 0, 115) * (getvariable('d_to') - start_eff))::integer end as moved_on,
    case when rnd(pno, 0, 116) < 1 - pow(1 - q_annual, getvariable('years')) and start_eff < getvariable('d_to')
      then start_eff + 1 + floor(rnd(pno, 0, 117) * (getvariable('d_to') - start_eff))::integer end as died_on
  from exits
)
select
  pno,
  patient_code(pno) as pid,
  age0,
  date_trunc('month', birth_exact)::date as birth_date,
  sex,
  'E01' || lpad((catchments().first_lsoa + lsoa_idx)::varchar, 6, '0') as lsoa_code,
  imd_decile,
  'A8' || (1001 + practice_idx)::varchar as practice_code,
  case when locality < catchments().la_first then 'E06000001' else 'E08000002' end as la_code,
  'RA' || (1 + len(list_filter(trust_catchment_cum(), c -> c <= locality)))::varchar as home_trust,
  case when locality < catchments().community_first then 'RC1' else 'RC2' end as home_community,
  registered_from,
  -- a death ends the record; a move away before death ends the registration
  case when moved_on < coalesce(died_on, DATE '9999-12-31') then moved_on end as registered_to,
  case when died_on <= coalesce(moved_on, DATE '9999-12-31') then died_on end as date_of_death,
  morbidity * (1 + 0.03 * (5.5 - imd_decile)) as morbidity,
  rnd(pno, 0, 118) < knee_oa_prevalence()[1 + len(list_filter(pathway_bands(), b -> b <= age0))] as knee_oa,
  rnd(pno, 0, 119) < hip_oa_prevalence()[1 + len(list_filter(pathway_bands(), b -> b <= age0))] as hip_oa
from events
order by pno
