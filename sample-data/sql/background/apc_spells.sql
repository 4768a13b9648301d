-- Background admitted spells (SUS+ APCS-shaped): emergency or elective by age; HRG, TFC and codes from an
-- age/sex mix; LOS (day cases 0); discharge empty when still in at the period end, '79' at death; PLICS cost
-- with resource split, tariff, or no cost. Costs: NCC 2024/25 × trust factor × noise. Random streams 350–379.
with r as (
  select pno, pid, sex, age0, home_trust, act_start, act_days, date_of_death, off_apc, unnest(range(n_apc)) as k
  from persons_pq
),
f as (
  select *, off_apc + k + 1 as _line, fault_apc_spells(off_apc + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    rnd(pno, sk, 351) < case when age0 < 18 then 0.7 when age0 < 65 then 0.5 else 0.72 end as emergency,
    (case when age0 < 18 then 0 when age0 < 45 then 1 when age0 < 65 then 2 else 3 end) * 2 + if(sex = '2', 1, 0) as grp,
    act_start + floor(rnd(pno, sk, 350) * act_days)::integer as adm,
    if(rnd(pno, sk, 353) < 0.85, home_trust, 'RA' || (1 + floor(rnd(pno, sk, 354) * 5))::integer::varchar) as provider
  from s
),
i as (
  select *,
    if(emergency, emergency_items()[pickg(emergency_mix(), grp, rnd(pno, sk, 352))],
                  elective_items()[pickg(elective_mix(), grp, rnd(pno, sk, 352))]) as item
  from d
),
l as (
  select *,
    case
      when emergency and rnd(pno, sk, 355) < 0.35 then floor(rnd(pno, sk, 356) * 2)::integer
      when emergency then 1 + floor(rexp(pno, sk, 357) * item.mean_los * trust_los_factor()[trust_no(provider)])::integer
      -- most elective activity is day case
      when rnd(pno, sk, 355) < 0.78 then 0
      else 1 + floor(rexp(pno, sk, 357) * item.mean_los * trust_los_factor()[trust_no(provider)])::integer
    end as los,
    rnd(pno, sk, 358) as cost_u
  from i
),
c as (
  select *,
    adm + los as disc_raw,
    if(los <= 1, item.cost_short, item.cost_long) as unit_cost,
    if(item.procs is null, split_medical(), split_surgical()) as share,
    case when cost_u < cost_supply().apc.plics then money(if(los <= 1, item.cost_short, item.cost_long)
      * trust_cost_factor()[trust_no(provider)] * exp(0.2 * rnorm(pno, sk, 359))) end as plics
  from l
)
select
  'APC' || (pno * 10000 + sk)::varchar as spell_id,
  pid as patient_id,
  provider as provider_code,
  provider || '0' || (1 + floor(rnd(pno, sk, 360) * 2))::integer::varchar as site_code,
  adm as admission_date,
  case when item.maternity then '31'
       when emergency then pick(emergency_methods(), rnd(pno, sk, 361))
       else pick(elective_methods(), rnd(pno, sk, 361)) end as admission_method,
  case when disc_raw > getvariable('d_to') then null
       when disc_raw >= date_of_death then date_of_death else disc_raw end as discharge_date,
  case when disc_raw > getvariable('d_to') then null
       when disc_raw >= date_of_death then '79' else pick(discharge_destinations(), rnd(pno, sk, 362)) end as discharge_destination,
  item.tfc as tfc,
  item.hrg as hrg,
  array_to_string(list_concat([item.dx], if(age0 >= 45,
    list_transform(range(floor(rnd(pno, sk, 363) * 3)::integer), j -> comorbidities()[1 + ((floor(rnd(pno, sk, 364) * 10)::integer + j) % 10)]),
    [])), ';') as diagnoses,
  item.procs as procedures,
  plics as cost_gbp,
  case when cost_u >= cost_supply().apc.plics and cost_u < cost_supply().apc.plics + cost_supply().apc.tariff then money(round(unit_cost * trust_mff()[trust_no(provider)])) end as tariff_gbp,
  -- the resource split rounds each part to pence; overheads take the remainder so the parts sum exactly
  money(plics * share.staff) as cost_staff,
  money(plics * share.theatre) as cost_theatre,
  money(plics * share.ward) as cost_ward,
  money(plics * share.drugs) as cost_drugs,
  money(plics * share.devices) as cost_devices,
  money(plics * share.diagnostics) as cost_diagnostics,
  plics - money(plics * share.staff) - money(plics * share.theatre) - money(plics * share.ward) - money(plics * share.drugs)
    - money(plics * share.devices) - money(plics * share.diagnostics) as cost_overheads,
  pno as _pno, _line, _fault
from c
