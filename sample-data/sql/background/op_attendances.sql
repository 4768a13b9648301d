-- Background outpatient appointments (SUS+ OPA-shaped): TFC mix by age and sex, first or follow-up,
-- DNAs, attendance HRGs (WF01A–D), outpatient procedures for some TFCs, imaging (TFC 812: plain film or MRI).
-- Only attended appointments carry an HRG and a cost; the consultation medium matches the attendance HRG.
-- Random streams 400–419.
with r as (
  select pno, pid, sex, age0, home_trust, act_start, act_days, off_op, unnest(range(n_op)) as k
  from persons_pq
),
f as (
  select *, off_op + k + 1 as _line, fault_op_attendances(off_op + k + 1, k = 0) as _fault from r
),
s as (
  select *, if(_fault = 'duplicate_id', k - 1, k) as sk from f
),
d as (
  select *,
    pickg(op_tfc(), age_group(age0) * 2 + if(sex = '2', 1, 0), rnd(pno, sk, 401)) as tfc,
    rnd(pno, sk, 402) < op_first_share() as is_first,
    pick(op_status(), rnd(pno, sk, 403)) as status,
    if(rnd(pno, sk, 404) < 0.88, home_trust, 'RA' || (1 + floor(rnd(pno, sk, 405) * 5))::integer::varchar) as provider,
    rnd(pno, sk, 406) as proc_u,
    rnd(pno, sk, 407) as cost_u
  from s
),
h as (
  select *,
    case when status = 'attended' and tfc in ('330', '101', '110', '130') and proc_u < op_procedure_share()
      then list_filter(op_procedures(), x -> x.tfc = tfc)[1] end as proc_item,
    if(is_first, op_first(rnd(pno, sk, 408)), op_follow_up(rnd(pno, sk, 408))) as attendance
  from d
),
c as (
  select *,
    case when status <> 'attended' then null
         when tfc = '812' then if(proc_u < imaging().mri_share, imaging().mri_hrg, null)
         when proc_item is not null then proc_item.hrg
         else attendance.hrg end as hrg_code,
    case when status <> 'attended' then null
         when tfc = '812' then if(proc_u < imaging().mri_share, imaging().mri_cost, imaging().plain_film_cost)
         when proc_item is not null then proc_item.cost
         else attendance.cost end as unit_cost
  from h
)
select
  'OPA' || (pno * 10000 + sk)::varchar as attendance_id,
  pid as patient_id,
  provider as provider_code,
  act_start + floor(rnd(pno, sk, 400) * act_days)::integer as appointment_date,
  tfc,
  if(is_first or tfc = '812', '1', '2') as first_attendance,
  status,
  -- the consultation medium behind the attendance HRG: WF01C/D are non-face-to-face (telephone mostly, some video)
  case when tfc = '812' or proc_item is not null then 'face_to_face'
       when attendance.hrg in ('WF01C', 'WF01D') then if(rnd(pno, sk, 410) < 0.8, 'telephone', 'video')
       else 'face_to_face' end as mode,
  hrg_code as hrg,
  proc_item.procs as procedures,
  case when cost_u < cost_supply().op.plics then money(unit_cost * trust_cost_factor()[trust_no(provider)] * exp(0.15 * rnorm(pno, sk, 409))) end as cost_gbp,
  case when cost_u >= cost_supply().op.plics and cost_u < cost_supply().op.plics + cost_supply().op.tariff then money(unit_cost * trust_mff()[trust_no(provider)]) end as tariff_gbp,
  pno as _pno, _line, _fault
from c
