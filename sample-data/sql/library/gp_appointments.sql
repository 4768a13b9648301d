-- Type 2 diabetes reviews in primary care: t2dm_care().reviews a year per person (a nurse review and a GP
-- review), each coded with a DMTYPE2_COD concept (pathways/sources/library-codelists.md §4a). Random streams 810–812.
with ev as (
  select t.pno, j, getvariable('d_from') + floor(rnd(t.pno, j, 810) * getvariable('period_days'))::integer as d,
    if(j % 2 = 0, 'nurse', 'gp') as role
  from t2dm_people t, range((t2dm_care().reviews * ceil(getvariable('years')))::integer) r(j)
)
select
  'GPAL' || pno::varchar || '-' || j::varchar as appointment_id,
  p.pid as patient_id,
  p.practice_code,
  d as appointment_date,
  role as staff_role,
  20 as planned_minutes,
  round(20 * (0.8 + 0.5 * rnd(pno, j, 811))) as actual_minutes,
  'face_to_face' as mode,
  'attended' as status,
  pick(t2dm_care().codes, rnd(pno, j, 812)) as snomed_codes,
  null::decimal(18, 2) as cost_gbp,
  p.pno as _pno, 2000000000 + pno as _ep, j as _j
from ev join persons p using (pno)
where d between p.act_start and p.act_end
