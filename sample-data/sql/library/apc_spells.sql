-- The library's anchor spells (library_spells): emergency strokes and hip fractures (method 21), elective
-- cataract day cases (method 11, discharged the same day); and a COPD exacerbation admission (J44.1, DZ65H) for
-- a share of the people with COPD (ltc_people). The NCC unit cost of the HRG band as PLICS for the supplied
-- share, else priced by the engine. Random streams 760–765.
with spells as (
  select 'APCL' || lib_id::varchar as spell_id, pno, provider, adm, los, library_spells()[kind_no].method as method,
    library_spells()[kind_no].tfc as tfc, library_spells()[kind_no].hrg[band] as hrg, dx as diagnoses, nullif(procs, '') as procedures,
    library_spells()[kind_no].cost[band] as unit_cost, cost_u, lib_id as r, 1000000000 + lib_id as _ep
  from library_spells
  union all
  select 'APCLC' || l.pno::varchar, l.pno, b.home_trust, getvariable('d_from') + floor(rnd(l.pno, 22, 761) * getvariable('period_days'))::integer,
    1 + floor(rexp(l.pno, 22, 762) * 5)::integer, '21', '340', 'DZ65H', 'J441;' || 'J449', null,
    -- NCC 2024/25 Non-Elective Inpatient - Long Stay, DZ65H (hospital.ts)
    2930.2, rnd(l.pno, 22, 763), 3000000000 + l.pno, 2000000000 + l.pno * 4 + 2
  from ltc_people l join persons b using (pno)
  where l.cond = 2 and l.extra
)
select
  spell_id,
  p.pid as patient_id,
  provider as provider_code,
  provider || '01' as site_code,
  adm as admission_date,
  method as admission_method,
  case when adm + los > getvariable('d_to') then null
       when adm + los >= p.date_of_death then p.date_of_death else adm + los end as discharge_date,
  case when adm + los > getvariable('d_to') then null when adm + los >= p.date_of_death then '79' else '19' end as discharge_destination,
  tfc,
  hrg,
  diagnoses,
  procedures,
  case when cost_u < cost_supply().apc.plics then money(unit_cost * trust_cost_factor()[trust_no(provider)] * exp(0.12 * rnorm(r, 0, 760))) end as cost_gbp,
  null::decimal(18, 2) as tariff_gbp,
  null::decimal(18, 2) as cost_staff, null::decimal(18, 2) as cost_theatre, null::decimal(18, 2) as cost_ward,
  null::decimal(18, 2) as cost_drugs, null::decimal(18, 2) as cost_devices, null::decimal(18, 2) as cost_diagnostics,
  null::decimal(18, 2) as cost_overheads,
  p.pno as _pno, _ep, 0 as _j
from spells join persons p using (pno)
where adm between p.act_start and p.act_end
