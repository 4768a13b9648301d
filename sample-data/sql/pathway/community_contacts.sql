-- Community MSK and rehabilitation around a replacement: an MSK triage contact 7–10 months before, 2–4
-- physiotherapy contacts 4–8 months before, weekly physiotherapy (4–8 contacts) in the 90 days after
-- discharge, and occupational therapy in the first two weeks for some. Local community provider.
-- Random streams 770–779.
with ev as (
  select e.*, unnest(range(21)) as j from episodes e
),
kept as (
  select *,
    case when j = 0 then adm - 220 - floor(rnd(ep_id, j, 770) * 80)::integer
         when j < 10 then adm - 130 - floor(rnd(ep_id, j, 770) * 120)::integer
         when j < 20 then adm + los + (7 * (j - 9))::integer + floor(rnd(ep_id, j, 770) * 4)::integer
         else adm + los + 2 + floor(rnd(ep_id, j, 770) * 12)::integer end as d,
    case when j = 0 then community_services().msk_triage
         when j < 20 then community_services().physiotherapy
         else community_services().occupational_therapy end as svc,
    if(rnd(ep_id, j, 771) < 0.04, 'dna', 'attended') as status
  from ev
  where (j = 0 and kind <> 'tkr_revision') or (j >= 1 and j <= n_physio_pre) or (j >= 10 and j < 10 + n_physio_post) or (j = 20 and ot)
)
select
  'CSCX' || ep_id::varchar || '-' || j::varchar as contact_id,
  p.pid as patient_id,
  p.home_community as provider_code,
  d as contact_date,
  svc.service as service_type,
  svc.role as staff_role,
  if(status = 'attended', pick(svc.minutes, rnd(ep_id, j, 772)), null) as minutes,
  if(j >= 10 and rnd(ep_id, j, 773) < 0.2, 'home_visit', 'face_to_face') as mode,
  status,
  if(status = 'attended' and rnd(ep_id, j, 774) < cost_supply().community.plics,
    money(svc.cost * (0.85 + 0.3 * rnd(ep_id, j, 775))), null) as cost_gbp,
  p.pno as _pno, ep_id as _ep, j as _j
from kept join persons p using (pno)
where d between p.act_start and p.act_end
