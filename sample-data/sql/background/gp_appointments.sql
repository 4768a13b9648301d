-- Background GP appointments (GPAD/OLIDS-shaped): n_gp per person over their active window; staff roles,
-- slot lengths, modes, DNAs, SNOMED CT codes (knee/hip OA patients have some OA-coded consultations).
-- A duplicate_id fault row copies the row before it (sk = k − 1). Random streams 300–319.
with r as (
  select pno, pid, practice_code, act_start, act_days, age0, knee_oa, hip_oa, off_gp, unnest(range(n_gp)) as k
  from persons_pq
),
f as (
  select *, off_gp + k + 1 as _line, fault_gp_appointments(off_gp + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    gp_role(rnd(pno, sk, 301)) as role,
    pick(gp_status(), rnd(pno, sk, 302)) as status,
    rnd(pno, sk, 305) as code_u
  from s
),
m as (
  select *, pick(role.minutes, rnd(pno, sk, 303)) as planned from d
)
select
  'GPA' || (pno * 10000 + sk)::varchar as appointment_id,
  pid as patient_id,
  practice_code,
  act_start + floor(rnd(pno, sk, 300) * act_days)::integer as appointment_date,
  role.role as staff_role,
  planned as planned_minutes,
  if(status = 'attended', round(planned * (0.6 + 0.8 * rnd(pno, sk, 304))), null) as actual_minutes,
  if(age0 >= 75 and role.role = 'gp' and rnd(pno, sk, 306) < 0.06, 'home_visit', pick(gp_modes(), rnd(pno, sk, 307))) as mode,
  status,
  case
    when code_u < gp_coding().uncoded then null
    -- first-contact physios see musculoskeletal problems
    when role.role = 'fcp_physio' then if(knee_oa, snomed().knee_oa, if(hip_oa, snomed().hip_oa, pick(['279039007', '30989003'], rnd(pno, sk, 308))))
    when knee_oa and code_u < gp_coding().uncoded + gp_coding().oa then snomed().knee_oa
    when hip_oa and code_u > 1 - gp_coding().oa then snomed().hip_oa
    else pickg(gp_snomed(), age_group(age0), rnd(pno, sk, 309))
      || if(rnd(pno, sk, 310) < 0.2, ';' || pickg(gp_snomed(), age_group(age0), rnd(pno, sk, 311)), '')
  end as snomed_codes,
  if(status = 'attended' and rnd(pno, sk, 312) < cost_supply().gp.plics, money(planned / 10 * role.cost_per_10), null) as cost_gbp,
  pno as _pno, _line, _fault
from m
