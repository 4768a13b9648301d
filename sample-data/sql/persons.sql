-- Final person rows: planted deaths/moves from the episodes applied, the active window (registered, alive,
-- inside the period), the number of background rows of each feed and each feed's line offset (so a row's
-- line in its file is known without reading it back). Random streams 140–159.
create or replace table persons as
with overrides as (
  select pno,
    min(death_override) filter (where death_override <= getvariable('d_to')) as death_override,
    min(move_override) filter (where move_override <= getvariable('d_to')) as move_override,
    bool_or(joint = 'knee') as knee_episode,
    bool_or(joint = 'hip') as hip_episode
  from episodes group by pno
),
final as (
  select b.* replace (
      coalesce(b.knee_oa or o.knee_episode, b.knee_oa) as knee_oa,
      coalesce(b.hip_oa or o.hip_episode, b.hip_oa) as hip_oa,
      least(b.date_of_death, o.death_override) as date_of_death,
      case when least(b.date_of_death, o.death_override) is not null then null
           else least(b.registered_to, o.move_override) end as registered_to)
  from persons_base b left join overrides o using (pno)
),
active as (
  select *,
    greatest(getvariable('d_from'), registered_from) as act_start,
    least(getvariable('d_to'), registered_to, date_of_death) as act_end
  from final
),
exposure as (
  select *,
    greatest(0, act_end - act_start + 1) as act_days,
    greatest(0, act_end - act_start + 1) / 365.25 as yrs,
    1 + len(list_filter(activity_bands(), b -> b <= age0)) as ab,
    age_group(age0) as ag,
    case when age0 < 15 then 1.0 when sex = '2' then demography().female_factor else demography().male_factor end as sexf
  from active
),
counts as (
  select *,
    sround(rates().gp[ab] * sexf * morbidity * yrs, rnd(pno, 0, 140)) as n_gp,
    sround(rates().prescriptions[ab] * sexf * morbidity * yrs, rnd(pno, 0, 141)) as n_rx,
    sround(rates().op[ab] * sexf * morbidity * yrs, rnd(pno, 0, 142)) as n_op,
    sround(rates().ae[ab] * morbidity * yrs, rnd(pno, 0, 143)) as n_ae,
    sround(rates().apc[ab] * morbidity * yrs, rnd(pno, 0, 144)) as n_apc,
    sround(rates().community[ab] * morbidity * yrs, rnd(pno, 0, 145)) as n_comm,
    -- mental health and social care are concentrated in a minority of users
    if(rnd(pno, 0, 146) < mh_user_share()[ab],
      sround(demography().mh_contacts * (0.3 + 1.4 * rnd(pno, 0, 147)) * yrs, rnd(pno, 0, 148)), 0) as n_mh,
    if(age0 >= 18 and rnd(pno, 0, 149) < care_user_share()[ab] and act_days > 0,
      1 + sround((demography().care_services - 1) * yrs / getvariable('years'), rnd(pno, 0, 150)), 0) as n_sc
  from exposure
)
select *,
  coalesce(sum(n_gp) over w, 0)::bigint as off_gp,
  coalesce(sum(n_rx) over w, 0)::bigint as off_rx,
  coalesce(sum(n_op) over w, 0)::bigint as off_op,
  coalesce(sum(n_ae) over w, 0)::bigint as off_ae,
  coalesce(sum(n_apc) over w, 0)::bigint as off_apc,
  coalesce(sum(n_comm) over w, 0)::bigint as off_comm,
  coalesce(sum(n_mh) over w, 0)::bigint as off_mh,
  coalesce(sum(n_sc) over w, 0)::bigint as off_sc
from counts
window w as (order by pno rows between unbounded preceding and 1 preceding)
order by pno
