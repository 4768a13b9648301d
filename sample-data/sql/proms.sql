-- PROMs records for the primary hip and knee replacements (not revisions): a pre-op questionnaire for
-- PREOP_RETURN of episodes, a post-op one for POSTOP_RETURN of those (none after the period's end or the patient's
-- death), Oxford scores and EQ-5D index as in reference/proms.ts, and each trust's outcome offset (the outcome
-- plant). Random streams 240–251; the second argument of rnd is the episode kind.
with base as (
  select e.ep_id, e.pno, e.kind_no, e.joint, e.age, e.provider, e.adm, p.pid, p.imd_decile, p.date_of_death,
    if(e.joint = 'hip', proms_ref().oxford_hip, proms_ref().oxford_knee) as ox,
    if(e.joint = 'hip', proms_ref().eq5d_hip, proms_ref().eq5d_knee) as eq,
    proms_ref().trust_offset[trust_no(e.provider)] as offset_points,
    coalesce(p.imd_decile - 5.5, 0) * proms_ref().per_imd_decile + if(e.age >= 80, proms_ref().age80, 0) as casemix_points
  from episodes e join persons p using (pno)
  where e.kind <> 'tkr_revision' and rnd(e.pno, e.kind_no, 240) < proms_ref().preop_return
),
dated as (
  select *,
    adm - 1 - floor(rnd(pno, kind_no, 241) * proms_ref().preop_days_max)::integer as preop_date,
    adm + case when rnd(pno, kind_no, 242) < proms_ref().postop_late then 280 + floor(rnd(pno, kind_no, 243) * 51)::integer
      else proms_ref().postop_min + floor(rnd(pno, kind_no, 243) * (proms_ref().postop_max - proms_ref().postop_min + 1))::integer end as postop_due,
    rnd(pno, kind_no, 244) < proms_ref().postop_return as returns,
    clamp(round(ox.pre_mean + ox.pre_sd * rnorm(pno, kind_no, 245)), 0, 48)::integer as oxford_pre,
    clamp(round(eq.pre_mean + eq.pre_sd * rnorm(pno, kind_no, 246), 3), -0.594, 1) as eq5d_pre
  from base
),
answered as (
  select *, returns and postop_due <= getvariable('d_to') and (date_of_death is null or postop_due < date_of_death) as has_post
  from dated
)
select
  'PR' || lpad(ep_id::varchar, 9, '0') as proms_id,
  pid as patient_id,
  provider as provider_code,
  joint as procedure,
  preop_date,
  case when has_post then postop_due end as postop_date,
  oxford_pre,
  case when has_post then clamp(round(ox.intercept + ox.slope * oxford_pre + offset_points + casemix_points + ox.noise_sd * rnorm(pno, kind_no, 247)), 0, 48)::integer end as oxford_post,
  eq5d_pre,
  case when has_post then clamp(round(eq.pre_mean + eq.gain + eq.slope * (eq5d_pre - eq.pre_mean)
    + (offset_points + casemix_points) * proms_ref().eq5d_per_point + eq.noise_sd * rnorm(pno, kind_no, 248), 3), -0.594, 1) end as eq5d_post
from answered
order by proms_id
