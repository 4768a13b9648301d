-- Background adult social care services (ASC CLD-shaped) for the minority who receive care, mostly aged 75+:
-- home care by the hour, residential and nursing placements by the week (usually ongoing), day care,
-- equipment, direct payments. A service ends early at death or a move away. Random streams 600–609.
with r as (
  select pno, pid, age0, la_code, act_start, act_days, act_end, off_sc, unnest(range(n_sc)) as k
  from persons_pq
),
f as (
  select *, off_sc + k + 1 as _line, fault_social_care_services(off_sc + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    care_service(if(age0 >= 65, 1, 0), rnd(pno, sk, 601)) as svc,
    act_start + floor(rnd(pno, sk, 600) * act_days)::integer as start_d
  from s
),
e as (
  select *,
    case
      when svc.frequency = 'one_off' then start_d
      when svc.mean_days is null then null
      else start_d + 7 + floor(rexp(pno, sk, 602) * svc.mean_days)::integer
    end as end_raw
  from d
)
select
  'ASC' || (pno * 10000 + sk)::varchar as service_id,
  pid as patient_id,
  la_code,
  svc.type as service_type,
  start_d as start_date,
  case
    when end_raw is not null and end_raw <= act_end then end_raw
    -- the person died or moved away before the service would have ended
    when act_end < getvariable('d_to') then act_end
    -- still running at the end of the period: ongoing
    else null
  end as end_date,
  money(svc.cost_lo + (svc.cost_hi - svc.cost_lo) * rnd(pno, sk, 603)) as unit_cost_gbp,
  svc.frequency as cost_frequency,
  case when svc.units_lo is not null then svc.units_lo + floor(rnd(pno, sk, 604) * (svc.units_hi - svc.units_lo + 1)) end as planned_units_per_week,
  svc.reason as primary_support_reason,
  pno as _pno, _line, _fault
from e
