-- A&E after a replacement (for a share of episodes): 1–60 days after discharge at the operating trust,
-- joint pain or cellulitis. Random streams 740–749.
with ev as (
  select e.*,
    (adm + los + 1 + floor(rnd(ep_id, 0, 740) * 60)::integer)::timestamp
      + to_minutes((8 * 60 + floor(rnd(ep_id, 0, 741) * 13 * 60))::bigint) as arrival,
    to_minutes((60 + floor(rexp(ep_id, 0, 742) * 180))::bigint) as stay,
    pick(post_op_ae().hrgs, rnd(ep_id, 0, 744)) as item
  from episodes e
  where ae_after
)
select
  'AEAX' || ep_id::varchar || '-0' as attendance_id,
  p.pid as patient_id,
  provider as provider_code,
  arrival as arrival_time,
  if(arrival + stay >= (getvariable('d_to') + 1)::timestamp, null, arrival + stay) as departure_time,
  if(rnd(ep_id, 0, 743) < 0.2, post_op_ae().cellulitis, if(joint = 'hip', post_op_ae().hip, post_op_ae().knee)) as diagnoses,
  item.hrg as hrg,
  if(rnd(ep_id, 0, 745) < cost_supply().ae.plics,
    money(item.cost * trust_cost_factor()[trust_no(provider)] * exp(0.2 * rnorm(ep_id, 0, 746))), null) as cost_gbp,
  null::decimal(18, 2) as tariff_gbp,
  p.pno as _pno, ep_id as _ep, 0 as _j
from ev join persons p using (pno)
where arrival::date between p.act_start and p.act_end
