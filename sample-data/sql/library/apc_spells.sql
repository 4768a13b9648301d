-- The library's anchor spells (library_spells): emergency strokes and hip fractures (method 21), elective
-- cataract day cases (method 11, discharged the same day); NCC 2023/24 unit cost of the HRG band as PLICS for
-- the supplied share, else priced by the engine. Random streams 760–769.
select
  'APCL' || lib_id::varchar as spell_id,
  p.pid as patient_id,
  provider as provider_code,
  provider || '01' as site_code,
  adm as admission_date,
  library_spells()[kind_no].method as admission_method,
  case when adm + los > getvariable('d_to') then null
       when adm + los >= p.date_of_death then p.date_of_death else adm + los end as discharge_date,
  case when adm + los > getvariable('d_to') then null when adm + los >= p.date_of_death then '79' else '19' end as discharge_destination,
  library_spells()[kind_no].tfc as tfc,
  library_spells()[kind_no].hrg[band] as hrg,
  dx as diagnoses,
  nullif(procs, '') as procedures,
  case when cost_u < cost_supply().apc.plics then money(library_spells()[kind_no].cost[band]
    * trust_cost_factor()[trust_no(provider)] * exp(0.12 * rnorm(lib_id, 0, 760))) end as cost_gbp,
  null::decimal(18, 2) as tariff_gbp,
  null::decimal(18, 2) as cost_staff, null::decimal(18, 2) as cost_theatre, null::decimal(18, 2) as cost_ward,
  null::decimal(18, 2) as cost_drugs, null::decimal(18, 2) as cost_devices, null::decimal(18, 2) as cost_diagnostics,
  null::decimal(18, 2) as cost_overheads,
  p.pno as _pno, 1000000000 + lib_id as _ep, 0 as _j
from library_spells join persons p using (pno)
where adm between p.act_start and p.act_end
