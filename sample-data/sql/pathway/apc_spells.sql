-- Admitted spells of the replacement episodes: the anchor spell itself (elective 11/12/13, TFC 110, HN22/HN12/
-- HN81 by CC band, primary OPCS-4 + laterality, M17/M16/T84 diagnoses, PLICS with surgical split / tariff /
-- none) and, for a share, an emergency readmission 2–29 days after discharge. Random streams 750–769.
with anchors as (
  select ep_id, pno, 0 as j, provider, site_code, adm, method, adm + los as disc_raw, '110' as tfc, hrg,
    diagnoses, procedures, plics_gbp as plics, tariff_gbp as tariff
  from episodes
),
readmit as (
  select *, readmission_reason(rnd(ep_id, 1, 750)) as reason,
    adm + los + 2 + floor(rnd(ep_id, 1, 751) * 28)::integer as adm2,
    floor(rexp(ep_id, 1, 752) * 4)::integer as los2,
    -- most come back to the operating trust
    if(rnd(ep_id, 1, 753) < 0.85, provider, 'RA' || (1 + floor(rnd(ep_id, 1, 754) * 5))::integer::varchar) as provider2,
    rnd(ep_id, 1, 755) as cost_u
  from episodes
  where readmitted
),
readmissions as (
  select ep_id, pno, 1 as j, provider2 as provider, provider2 || '01' as site_code, adm2 as adm,
    pick(['21', '21', '21', '22', '28'], rnd(ep_id, 1, 756)) as method, adm2 + los2 as disc_raw,
    reason.tfc as tfc, reason.hrg as hrg, reason.dx || ';' || 'Z966' as diagnoses, null as procedures,
    case when cost_u < cost_supply().apc.plics then money(if(los2 <= 1, reason.cost_short, reason.cost_long)
      * trust_cost_factor()[trust_no(provider2)] * exp(0.2 * rnorm(ep_id, 1, 757))) end as plics,
    case when cost_u >= cost_supply().apc.plics and cost_u < cost_supply().apc.plics + cost_supply().apc.tariff
      then money(round(if(los2 <= 1, reason.cost_short, reason.cost_long) * trust_mff()[trust_no(provider2)])) end as tariff
  from readmit
),
spells as (
  select *, if(procedures is null, split_medical(), split_surgical()) as share
  from (select * from anchors union all select * from readmissions)
)
select
  'APCX' || ep_id::varchar || '-' || j::varchar as spell_id,
  p.pid as patient_id,
  provider as provider_code,
  site_code,
  adm as admission_date,
  method as admission_method,
  case when disc_raw > getvariable('d_to') then null
       when disc_raw >= p.date_of_death then p.date_of_death else disc_raw end as discharge_date,
  case when disc_raw > getvariable('d_to') then null
       when disc_raw >= p.date_of_death then '79' else pick(discharge_destinations(), rnd(ep_id, j, 758)) end as discharge_destination,
  tfc,
  hrg,
  diagnoses,
  procedures,
  plics as cost_gbp,
  tariff as tariff_gbp,
  money(plics * share.staff) as cost_staff,
  money(plics * share.theatre) as cost_theatre,
  money(plics * share.ward) as cost_ward,
  money(plics * share.drugs) as cost_drugs,
  money(plics * share.devices) as cost_devices,
  money(plics * share.diagnostics) as cost_diagnostics,
  plics - money(plics * share.staff) - money(plics * share.theatre) - money(plics * share.ward) - money(plics * share.drugs)
    - money(plics * share.devices) - money(plics * share.diagnostics) as cost_overheads,
  p.pno as _pno, ep_id as _ep, j as _j
from spells join persons p using (pno)
where adm between p.act_start and p.act_end
