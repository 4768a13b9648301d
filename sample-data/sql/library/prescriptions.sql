-- The condition's regular medicine for people with a long-term condition (ltc_people): metformin for type 2
-- diabetes, a beclometasone/formoterol inhaler for COPD, a 28-day supply from a random first day. Random streams 815–816.
with ev as (
  select t.pno, t.cond, j, getvariable('d_from') + floor(rnd(t.pno * 4 + t.cond, 0, 815) * 28)::integer + (28 * j)::integer as d
  from ltc_people t, range(ceil(getvariable('period_days') / 28)::integer) r(j)
)
select
  'EPDL' || ltc_care()[cond].tag || pno::varchar || '-' || j::varchar as item_id,
  p.pid as patient_id,
  d as dispensed_date,
  ltc_care()[cond].rx.bnf as bnf_code,
  ltc_care()[cond].rx.dmd as dmd_code,
  ltc_care()[cond].rx.quantity as quantity,
  money(ltc_care()[cond].rx.cost * (0.9 + 0.2 * rnd(pno * 4 + cond, j, 816))) as actual_cost_gbp,
  p.pno as _pno, 2000000000 + pno * 4 + cond as _ep, j as _j
from ev join persons p using (pno)
where d between p.act_start and p.act_end
