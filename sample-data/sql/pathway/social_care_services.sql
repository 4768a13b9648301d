-- Social care after a replacement: reablement starting within 3 days of discharge for 4–6 weeks (a weekly
-- block price or hourly), and for some a home-care package from 2–8 weeks after discharge that runs past
-- day 90 (ending 100–200 days after discharge, or ongoing). Ends at death or a move away.
-- Random streams 790–799.
with ev as (
  select e.*, unnest(range(2)) as j from episodes e
),
kept as (
  select *,
    if(j = 0, adm + los + floor(rnd(ep_id, j, 790) * 4)::integer, adm + los + 14 + floor(rnd(ep_id, j, 790) * 43)::integer) as start_d,
    rnd(ep_id, j, 791) < reablement_weekly().weekly_share as weekly
  from ev
  where (j = 0 and reablement) or (j = 1 and home_care)
),
planned as (
  select *,
    case when j = 0 then start_d + 7 * (reablement_weekly().weeks_lo + floor(rnd(ep_id, j, 792) * (reablement_weekly().weeks_hi - reablement_weekly().weeks_lo + 1)))::integer - 1
         when rnd(ep_id, j, 793) < 0.4 then null
         else adm + los + 100 + floor(rnd(ep_id, j, 794) * 100)::integer end as end_raw,
    if(j = 0, care_services().reablement, care_services().home_care) as svc
  from kept
)
select
  'ASCX' || ep_id::varchar || '-' || j::varchar as service_id,
  p.pid as patient_id,
  p.la_code,
  svc.type as service_type,
  start_d as start_date,
  case when end_raw is not null and end_raw <= p.act_end then end_raw
       when p.act_end < getvariable('d_to') then p.act_end
       else null end as end_date,
  case when j = 0 and weekly then money(reablement_weekly().cost_lo + (reablement_weekly().cost_hi - reablement_weekly().cost_lo) * rnd(ep_id, j, 795))
       else money(svc.cost_lo + (svc.cost_hi - svc.cost_lo) * rnd(ep_id, j, 795)) end as unit_cost_gbp,
  if(j = 0 and weekly, 'week', 'hour') as cost_frequency,
  if(j = 0 and weekly, 1, svc.units_lo + floor(rnd(ep_id, j, 796) * (svc.units_hi - svc.units_lo + 1))) as planned_units_per_week,
  svc.reason as primary_support_reason,
  p.pno as _pno, ep_id as _ep, j as _j
from planned join persons p using (pno)
where start_d between p.act_start and p.act_end
