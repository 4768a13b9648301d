-- Prescribing around a replacement: 3–6 monthly analgesia items before surgery, VTE prophylaxis
-- (rivaroxaban; three times the quantity after a hip) and analgesia at discharge, more analgesia 2–3 weeks
-- later. Random streams 800–809.
with ev as (
  select e.*, unnest(range(9)) as j, 3 + floor(rnd(ep_id, 0, 800) * 4)::integer as n_before from episodes e
),
kept as (
  select *,
    case when j < 6 then adm - (30 * (j + 1))::integer - floor(rnd(ep_id, j, 801) * 6)::integer
         when j < 8 then adm + los
         else adm + los + 14 + floor(rnd(ep_id, j, 801) * 8)::integer end as d,
    case when j < 6 then pick(rx_before(), rnd(ep_id, j, 802))
         when j = 6 then rx_after()[1]
         else rx_after()[2 + floor(rnd(ep_id, j, 802) * 2)::integer] end as item,
    if(j = 6 and joint = 'hip', 3, 1) as packs
  from ev
  where j < n_before or j >= 6
)
select
  'EPDX' || ep_id::varchar || '-' || j::varchar as item_id,
  p.pid as patient_id,
  d as dispensed_date,
  item.bnf as bnf_code,
  item.dmd as dmd_code,
  item.quantity * packs as quantity,
  money(item.cost * packs * (0.9 + 0.2 * rnd(ep_id, j, 803))) as actual_cost_gbp,
  p.pno as _pno, ep_id as _ep, j as _j
from kept join persons p using (pno)
where d between p.act_start and p.act_end
