-- Metformin for people with type 2 diabetes: a 28-day supply t2dm_care().metformin_items times a year, from a
-- random first day. Random streams 815–816.
with ev as (
  select t.pno, j, getvariable('d_from') + floor(rnd(t.pno, 0, 815) * 28)::integer + (28 * j)::integer as d
  from t2dm_people t, range(ceil(getvariable('period_days') / 28)::integer) r(j)
)
select
  'EPDL' || pno::varchar || '-' || j::varchar as item_id,
  p.pid as patient_id,
  d as dispensed_date,
  t2dm_care().rx.bnf as bnf_code,
  t2dm_care().rx.dmd as dmd_code,
  t2dm_care().rx.quantity as quantity,
  money(t2dm_care().rx.cost * (0.9 + 0.2 * rnd(pno, j, 816))) as actual_cost_gbp,
  p.pno as _pno, 2000000000 + pno as _ep, j as _j
from ev join persons p using (pno)
where d between p.act_start and p.act_end
