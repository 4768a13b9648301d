-- Background mental health care contacts (MHSDS-shaped) for the minority of people in contact with services:
-- service mix by age (memory services in the oldest, talking therapies in adults), NCC 2024/25 unit cost.
-- Random streams 550–559.
with r as (
  select pno, pid, age0, act_start, act_days, off_mh, unnest(range(n_mh)) as k
  from persons_pq
),
f as (
  select *, off_mh + k + 1 as _line, fault_mental_health_contacts(off_mh + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    -- a person keeps one service (their referral) for all their contacts
    mh_service(age_group(age0), rnd(pno, 0, 551)) as svc,
    pick(mh_status(), rnd(pno, sk, 552)) as status
  from s
)
select
  'MHC' || (pno * 10000 + sk)::varchar as contact_id,
  pid as patient_id,
  'RM1' as provider_code,
  act_start + floor(rnd(pno, sk, 550) * act_days)::integer as contact_date,
  svc.service as service_type,
  svc.role as staff_role,
  if(status = 'attended', pick(svc.minutes, rnd(pno, sk, 553)), null) as minutes,
  if(rnd(pno, sk, 554) < svc.home, 'home_visit', pick(remote_modes(), rnd(pno, sk, 555))) as mode,
  status,
  if(status = 'attended' and rnd(pno, sk, 556) < cost_supply().mental_health.plics,
    money(svc.cost * (0.85 + 0.3 * rnd(pno, sk, 557))), null) as cost_gbp,
  pno as _pno, _line, _fault
from d
