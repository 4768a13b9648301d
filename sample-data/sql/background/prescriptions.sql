-- Background dispensed items (EPD-shaped): n_rx per person, an age-dependent mix of common presentations,
-- sometimes a double quantity, actual cost = item cost ± 10%. Random streams 650–659.
with r as (
  select pno, pid, age0, act_start, act_days, off_rx, unnest(range(n_rx)) as k
  from persons_pq
),
f as (
  select *, off_rx + k + 1 as _line, fault_prescriptions(off_rx + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    rx_item(age_group(age0), rnd(pno, sk, 651)) as item,
    if(rnd(pno, sk, 652) < 0.15, 2, 1) as packs
  from s
)
select
  'EPD' || (pno * 10000 + sk)::varchar as item_id,
  pid as patient_id,
  act_start + floor(rnd(pno, sk, 650) * act_days)::integer as dispensed_date,
  item.bnf as bnf_code,
  item.dmd as dmd_code,
  item.quantity * packs as quantity,
  money(item.cost * packs * (0.9 + 0.2 * rnd(pno, sk, 653))) as actual_cost_gbp,
  pno as _pno, _line, _fault
from d
