-- Primary care around a replacement: 2–5 GP consultations coded with the OA concept in the year before
-- (35–365 days), 0–2 first-contact physio (FCP) consultations 6–11 months before, and a practice nurse wound
-- check 10–14 days after discharge. Events outside the person's active window are not recorded.
-- Random streams 700–709: rnd(ep_id, j, stream).
with ev as (
  select e.*, unnest(range(8)) as j from episodes e
),
kept as (
  select *,
    case when j < 5 then adm - 35 - floor(rnd(ep_id, j, 700) * 330)::integer
         when j < 7 then adm - 180 - floor(rnd(ep_id, j, 700) * 150)::integer
         else adm + los + 10 + floor(rnd(ep_id, j, 700) * 5)::integer end as d,
    case when j < 5 then 'gp' when j < 7 then 'fcp_physio' else 'nurse' end as role,
    if(joint = 'hip', snomed().hip_oa, snomed().knee_oa) as oa_code
  from ev
  where j < n_gp_pre or (j >= 5 and j < 5 + n_fcp) or j = 7
),
drawn as (
  select *,
    case role when 'gp' then 10 when 'fcp_physio' then 30 else 15 end as planned,
    if(role <> 'nurse' and rnd(ep_id, j, 701) < 0.03, 'dna', 'attended') as status
  from kept
)
select
  'GPAX' || ep_id::varchar || '-' || j::varchar as appointment_id,
  p.pid as patient_id,
  p.practice_code,
  d as appointment_date,
  role as staff_role,
  planned as planned_minutes,
  if(status = 'attended', round(planned * (0.8 + 0.5 * rnd(ep_id, j, 702))), null) as actual_minutes,
  if(role = 'gp' and rnd(ep_id, j, 703) < 0.2, 'telephone', 'face_to_face') as mode,
  status,
  case when role = 'nurse' then null
       when joint = 'knee' and rnd(ep_id, j, 704) < 0.3 then oa_code || ';' || snomed().knee_pain
       else oa_code end as snomed_codes,
  null::decimal(18, 2) as cost_gbp,
  p.pno as _pno, ep_id as _ep, j as _j
from drawn join persons p using (pno)
where d between p.act_start and p.act_end
