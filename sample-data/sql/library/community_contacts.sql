-- Community care of the library's patients: physiotherapy and occupational therapy in the 12 weeks after a
-- stroke or hip fracture (rehab_contacts), and a yearly podiatry contact for a share of people with type 2
-- diabetes. Random streams 780–789.
with rehab as (
  select s.lib_id as ep, s.pno, j, s.adm + s.los + 3 + (j * 8)::integer + floor(rnd(s.lib_id, j, 780) * 5)::integer as d,
    if(j % 3 = 2, community_services().occupational_therapy, community_services().physiotherapy) as svc
  from library_spells s, range(10) t(j)
  where j < rehab_contacts()[s.kind_no]
), podiatry as (
  select 2000000000 + t.pno * 4 + t.cond as ep, t.pno, y as j,
    getvariable('d_from') + (365 * y)::integer + floor(rnd(t.pno, y, 781) * 365)::integer as d, community_services().podiatry as svc
  from ltc_people t, range(ceil(getvariable('years'))::integer) r(y)
  where t.cond = 1 and t.extra
), contacts as (
  select ep, pno, j, d, svc, 'L' as tag from rehab union all select ep, pno, j, d, svc, 'D' from podiatry
)
select
  'CSCL' || tag || ep::varchar || '-' || j::varchar as contact_id,
  p.pid as patient_id,
  p.home_community as provider_code,
  d as contact_date,
  svc.service as service_type,
  svc.role as staff_role,
  pick(svc.minutes, rnd(ep, j, 782)) as minutes,
  'face_to_face' as mode,
  'attended' as status,
  if(rnd(ep, j, 783) < cost_supply().community.plics, money(svc.cost * (0.85 + 0.3 * rnd(ep, j, 784))), null) as cost_gbp,
  p.pno as _pno, if(tag = 'L', 1000000000, 0) + ep as _ep, j as _j
from contacts join persons p using (pno)
where d between p.act_start and p.act_end
