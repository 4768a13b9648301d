-- Trauma & orthopaedics outpatients around a replacement (TFC 110): first appointment 4–7 months before,
-- imaging (TFC 812: plain film, MRI for some) within three weeks of it, the listing decision, pre-operative
-- assessment, the six-week review and (for most) a one-year review. Revisions: first, listing, six weeks.
-- Same trust as the surgery. Random streams 720–729.
with ev as (
  select e.*, unnest(range(6)) as j from episodes e
),
kept as (
  select *,
    adm - 120 - floor(rnd(ep_id, 0, 720) * 80)::integer as first_d
  from ev
  where (kind <> 'tkr_revision' or j in (0, 2, 4)) and (j <> 5 or year_review)
),
dated as (
  select *,
    case j when 0 then first_d
           when 1 then first_d + 1 + floor(rnd(ep_id, j, 721) * 20)::integer
           when 2 then adm - 50 - floor(rnd(ep_id, j, 721) * 40)::integer
           when 3 then adm - 10 - floor(rnd(ep_id, j, 721) * 25)::integer
           when 4 then adm + los + 35 + floor(rnd(ep_id, j, 721) * 14)::integer
           else adm + los + 330 + floor(rnd(ep_id, j, 721) * 70)::integer end as d,
    case j when 0 then 'WF01B'
           when 1 then if(mri, imaging().mri_hrg, null)
           when 5 then if(rnd(ep_id, j, 722) < 0.3, 'WF01C', 'WF01A')
           else 'WF01A' end as hrg_code,
    if(j >= 2 and rnd(ep_id, j, 723) < 0.03, 'dna', 'attended') as status,
    rnd(ep_id, j, 724) as cost_u
  from kept
),
costed as (
  select *,
    case when status <> 'attended' then null
         when j = 1 then if(mri, imaging().mri_cost, imaging().plain_film_cost)
         when hrg_code = 'WF01B' then op_costs().wf01b
         when hrg_code = 'WF01C' then op_costs().wf01c
         else op_costs().wf01a end as unit_cost
  from dated
)
select
  'OPAX' || ep_id::varchar || '-' || j::varchar as attendance_id,
  p.pid as patient_id,
  provider as provider_code,
  d as appointment_date,
  if(j = 1, '812', '110') as tfc,
  if(j <= 1, '1', '2') as first_attendance,
  status,
  -- the one-year review is by telephone when its HRG says non-face-to-face (WF01C)
  if(hrg_code = 'WF01C', 'telephone', 'face_to_face') as mode,
  if(status = 'attended', hrg_code, null) as hrg,
  null::varchar as procedures,
  case when cost_u < cost_supply().op.plics then money(unit_cost * trust_cost_factor()[trust_no(provider)] * exp(0.15 * rnorm(ep_id, j, 725))) end as cost_gbp,
  case when cost_u >= cost_supply().op.plics and cost_u < cost_supply().op.plics + cost_supply().op.tariff then money(unit_cost * trust_mff()[trust_no(provider)]) end as tariff_gbp,
  p.pno as _pno, ep_id as _ep, j as _j
from costed join persons p using (pno)
where d between p.act_start and p.act_end
