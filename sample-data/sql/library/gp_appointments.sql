-- Reviews in primary care of the people with a long-term condition (ltc_people): ltc_care()[cond].reviews a year
-- (a nurse and a GP review), each coded with a concept of the condition's register cluster (DMTYPE2_COD, COPD_COD;
-- pathways/sources/). Random streams 810–812.
with ev as (
  select t.pno, t.cond, j, getvariable('d_from') + floor(rnd(t.pno * 4 + t.cond, j, 810) * getvariable('period_days'))::integer as d,
    if(j % 2 = 0, 'nurse', 'gp') as role
  from ltc_people t, range((ltc_care()[t.cond].reviews * ceil(getvariable('years')))::integer) r(j)
)
select
  'GPAL' || ltc_care()[cond].tag || pno::varchar || '-' || j::varchar as appointment_id,
  p.pid as patient_id,
  p.practice_code,
  d as appointment_date,
  role as staff_role,
  20 as planned_minutes,
  round(20 * (0.8 + 0.5 * rnd(pno * 4 + cond, j, 811))) as actual_minutes,
  'face_to_face' as mode,
  'attended' as status,
  pick(ltc_care()[cond].codes, rnd(pno * 4 + cond, j, 812)) as snomed_codes,
  null::decimal(18, 2) as cost_gbp,
  p.pno as _pno, 2000000000 + pno * 4 + cond as _ep, j as _j
from ev join persons p using (pno)
where d between p.act_start and p.act_end
