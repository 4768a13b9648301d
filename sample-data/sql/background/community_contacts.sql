-- Background community care contacts (CSDS-shaped): service mix by age (district nursing dominates in the
-- oldest), home visits by service, NCC 2024/25 unit cost ±15% where the provider supplies one.
-- Random streams 500–509.
with r as (
  select pno, pid, age0, home_community, act_start, act_days, off_comm, unnest(range(n_comm)) as k
  from persons_pq
),
f as (
  select *, off_comm + k + 1 as _line, fault_community_contacts(off_comm + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    community_service(age_group(age0), rnd(pno, sk, 501)) as svc,
    pick(contact_status(), rnd(pno, sk, 502)) as status
  from s
)
select
  'CSC' || (pno * 10000 + sk)::varchar as contact_id,
  pid as patient_id,
  home_community as provider_code,
  act_start + floor(rnd(pno, sk, 500) * act_days)::integer as contact_date,
  svc.service as service_type,
  svc.role as staff_role,
  if(status = 'attended', pick(svc.minutes, rnd(pno, sk, 503)), null) as minutes,
  if(rnd(pno, sk, 504) < svc.home, 'home_visit', pick(remote_modes(), rnd(pno, sk, 505))) as mode,
  status,
  if(status = 'attended' and rnd(pno, sk, 506) < cost_supply().community.plics,
    money(svc.cost * (0.85 + 0.3 * rnd(pno, sk, 507))), null) as cost_gbp,
  pno as _pno, _line, _fault
from d
