-- Background A&E attendances (ECDS-shaped): arrival hour profile, time in department (exponential, 20 min
-- to 24 h; no departure when still in the department at the period end), SNOMED CT diagnoses, VB HRGs
-- weighted by national activity, PLICS cost on most rows. Random streams 450–469.
with r as (
  select pno, pid, home_trust, act_start, act_days, off_ae, unnest(range(n_ae)) as k
  from persons_pq
),
f as (
  select *, off_ae + k + 1 as _line, fault_ae_attendances(off_ae + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    (act_start + floor(rnd(pno, sk, 450) * act_days)::integer)::timestamp
      + to_minutes((pick(ae_hours(), rnd(pno, sk, 451)) * 60 + floor(rnd(pno, sk, 452) * 60))::bigint) as arrival,
    to_minutes(clamp(20 + floor(rexp(pno, sk, 453) * ae_mean_minutes()), 20, 1440)::bigint) as stay,
    ae_hrg_item(rnd(pno, sk, 454)) as hrg_item,
    if(rnd(pno, sk, 455) < 0.92, home_trust, 'RA' || (1 + floor(rnd(pno, sk, 456) * 5))::integer::varchar) as provider
  from s
)
select
  'AEA' || (pno * 10000 + sk)::varchar as attendance_id,
  pid as patient_id,
  provider as provider_code,
  arrival as arrival_time,
  if(arrival + stay >= (getvariable('d_to') + 1)::timestamp, null, arrival + stay) as departure_time,
  pick(ae_diagnoses(), rnd(pno, sk, 457)) || if(rnd(pno, sk, 458) < 0.25, ';' || pick(ae_diagnoses(), rnd(pno, sk, 459)), '') as diagnoses,
  hrg_item.hrg as hrg,
  if(rnd(pno, sk, 460) < cost_supply().ae.plics,
    money(hrg_item.cost * trust_cost_factor()[trust_no(provider)] * exp(0.2 * rnorm(pno, sk, 461))), null) as cost_gbp,
  null::decimal(18, 2) as tariff_gbp,
  pno as _pno, _line, _fault
from d
