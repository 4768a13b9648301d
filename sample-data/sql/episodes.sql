-- Hip and knee replacement episodes (one row per anchor spell): primary knees (tkr), staged second knees
-- (tkr2, 3–9 months after the first), primary hips (thr) and knee revisions (tkr_revision, which the engine
-- must exclude). A share of primary knees and hips replace both joints in the spell (bilateral: Z94.1, or Z94.2
-- and Z94.3), and a share of primary spells carry an exclusion-list diagnosis in a secondary position
-- (in_spell_dx). Rates per age band × cohortBoost; case mix, trust (the RA2/RA4 plants), LOS, codes and cost.
-- Random streams 200–239; the second argument of rnd is the episode kind.
create or replace table episodes as
with cand as (
  select pno, sex, age0, morbidity, home_trust,
    greatest(getvariable('d_from'), registered_from) as start_eff,
    least(getvariable('d_to'), registered_to, date_of_death) as end_eff,
    1 + len(list_filter(pathway_bands(), b -> b <= age0)) as pb,
    case sex when '2' then joint_rates().female else joint_rates().male end as sexf
  from persons_base
  where age0 >= 40
),
hazard as (
  select *, end_eff - start_eff as span,
    getvariable('boost') * sexf * (end_eff - start_eff) / 365.25 / 1000 as scale
  from cand
  where end_eff > start_eff
),
firsts as (
  -- P(at least one) = 1 − e^(−λ) for a Poisson rate λ over the person's time in the period
  select pno, 'tkr' as kind, 1 as kind_no, start_eff + floor(rnd(pno, 1, 201) * span)::integer as adm
  from hazard where rnd(pno, 1, 200) < 1 - exp(-joint_rates().tkr[pb] * scale)
  union all
  select pno, 'thr', 3, start_eff + floor(rnd(pno, 3, 201) * span)::integer
  from hazard where rnd(pno, 3, 200) < 1 - exp(-joint_rates().thr[pb] * scale)
  union all
  select pno, 'tkr_revision', 4, start_eff + floor(rnd(pno, 4, 201) * span)::integer
  from hazard where rnd(pno, 4, 200) < 1 - exp(-joint_rates().tkr[pb] * joint_rates().revision_ratio * scale)
),
scored as (
  select f.*, h.sex, h.morbidity, h.end_eff,
    floor(h.age0 + (f.adm - getvariable('d_from')) / 365.25)::integer as age
  from firsts f join hazard h using (pno)
),
primaries as (
  select *, joint_provider(rnd(pno, kind_no, 206), cc, age) as provider, 1 + floor(rnd(pno, kind_no, 207) * 2)::integer as lat,
    rnd(pno, kind_no, 231) < case kind when 'tkr' then same_spell_bilateral().knee when 'thr' then same_spell_bilateral().hip else 0 end as bilateral
  from (select *, joint_cc(pno, kind_no, age, morbidity) as cc from scored)
),
seconds as (
  -- staged bilateral: the other knee, same trust, 3–9 months after the first admission
  select pno, 'tkr2' as kind, 2 as kind_no, adm2 as adm, sex, morbidity, end_eff, age2 as age,
    joint_cc(pno, 2, age2, morbidity) as cc, provider, 3 - lat as lat, false as bilateral
  from (
    -- a knee replaced with its pair in one spell has no other knee left to stage
    select *, adm + 90 + floor(rnd(pno, 2, 204) * 181)::integer as adm2, age + 1 as age2
    from primaries where kind = 'tkr' and not bilateral and rnd(pno, 2, 205) < joint_rates().staged
  )
  where adm2 < end_eff
),
alls as (
  select * from primaries union all select * from seconds
),
detail as (
  select *,
    list_filter(case kind when 'thr' then hn12() when 'tkr_revision' then hn81() else hn22() end, b -> b.min_cc <= cc)[1] as band,
    (joint_los().base + joint_los().per_cc * cc + if(kind = 'tkr_revision', joint_los().revision_extra, 0) + if(bilateral, same_spell_bilateral().extra_nights, 0))
      * trust_los_factor()[trust_no(provider)] * (0.8 + 0.4 * rnd(pno, kind_no, 208)) as los_raw,
    case kind when 'thr' then pick(thr_primary(), rnd(pno, kind_no, 209))
              when 'tkr_revision' then pick(tkr_revision(), rnd(pno, kind_no, 209))
              else pick(tkr_primary(), rnd(pno, kind_no, 209)) end as primary_proc,
    case kind when 'thr' then pick(hip_oa_dx(), rnd(pno, kind_no, 210))
              when 'tkr_revision' then pick(revision_dx(), rnd(pno, kind_no, 210))
              when 'tkr2' then if(rnd(pno, kind_no, 211) < 0.6, 'M170', pick(knee_oa_dx(), rnd(pno, kind_no, 210)))
              else pick(knee_oa_dx(), rnd(pno, kind_no, 210)) end as primary_dx,
    list_transform(range(least(cc // 2, 5)), i -> comorbidities()[1 + ((floor(rnd(pno, kind_no, 212) * 10)::integer + i) % 10)]) as comorbid,
    case when kind <> 'tkr_revision' and rnd(pno, kind_no, 232) < in_spell_exclusion_share()
      then [pick(in_spell_exclusion_dx(), rnd(pno, kind_no, 233))] else [] end as in_spell_dx,
    rnd(pno, kind_no, 213) as cost_u,
    rnd(pno, kind_no, 214) as flag_u
  from alls
),
spells as (
  select *,
    clamp(round(los_raw)::integer, joint_los().lo, if(kind = 'tkr_revision', joint_los().revision_hi, joint_los().hi)) as los,
    case when cost_u < cost_supply().apc.plics then 'plics' when cost_u < cost_supply().apc.plics + cost_supply().apc.tariff then 'tariff' else 'none' end as cost_mode,
    adm = max(adm) over (partition by pno) as is_last
  from detail
)
select
  row_number() over (order by pno, kind_no) as ep_id,
  pno, kind, kind_no, if(kind = 'thr', 'hip', 'knee') as joint, age, sex, cc,
  provider, provider || '0' || (1 + floor(rnd(pno, kind_no, 215) * 2))::integer::varchar as site_code,
  adm, los, adm + los as disc,
  pick(elective_methods(), rnd(pno, kind_no, 216)) as method,
  band.hrg as hrg,
  case when not bilateral then primary_proc || ';' || laterality()[lat]
       when rnd(pno, kind_no, 234) < same_spell_bilateral().coded_z941 then primary_proc || ';' || bilateral_code()
       else primary_proc || ';' || laterality()[1] || ';' || primary_proc || ';' || laterality()[2] end as procedures,
  bilateral,
  array_to_string(list_concat([primary_dx], comorbid, in_spell_dx, if(kind in ('tkr2', 'tkr_revision'), ['Z966'], [])), ';') as diagnoses,
  len(in_spell_dx) > 0 as has_in_spell_dx,
  cost_mode,
  -- Plant 2 lives here: PLICS = NCC unit cost of the band × the trust's cost factor × lognormal noise (σ 0.12)
  case when cost_mode = 'plics' then money(band.cost * trust_cost_factor()[trust_no(provider)] * if(bilateral, same_spell_bilateral().cost_factor, 1)
    * exp(0.12 * rnorm(pno, kind_no, 217))) end as plics_gbp,
  -- tariff paid: the national price of the band × the trust's market forces factor (SUS Grand_Total_Payment_MFF)
  case when cost_mode = 'tariff' then money(round(band.cost * trust_mff()[trust_no(provider)])) end as tariff_gbp,
  rnd(pno, kind_no, 218) < pathway_shares().readmission as readmitted,
  rnd(pno, kind_no, 219) < pathway_shares().ae as ae_after,
  rnd(pno, kind_no, 220) < pathway_shares().reablement[case when age < 65 then 1 when age < 75 then 2 else 3 end] as reablement,
  rnd(pno, kind_no, 221) < pathway_shares().home_care[if(age >= 75, 2, 1)] as home_care,
  rnd(pno, kind_no, 222) < pathway_shares().mri as mri,
  rnd(pno, kind_no, 223) < pathway_shares().year_review as year_review,
  rnd(pno, kind_no, 224) < pathway_shares().ot as ot,
  if(kind = 'tkr_revision', 1, 2 + floor(rnd(pno, kind_no, 225) * 4)::integer) as n_gp_pre,
  if(kind = 'tkr_revision', 0, floor(rnd(pno, kind_no, 226) * 3)::integer) as n_fcp,
  if(kind = 'tkr_revision', 0, 2 + floor(rnd(pno, kind_no, 227) * 3)::integer) as n_physio_pre,
  4 + floor(rnd(pno, kind_no, 228) * 5)::integer as n_physio_post,
  -- planted deaths and moves within the 90-day window, only after a person's last episode
  case when is_last and flag_u < pathway_shares().death90
    then adm + los + 5 + floor(rnd(pno, kind_no, 229) * 80)::integer end as death_override,
  case when is_last and flag_u >= pathway_shares().death90 and flag_u < pathway_shares().death90 + pathway_shares().move90
    then adm + los + 10 + floor(rnd(pno, kind_no, 230) * 70)::integer end as move_override
from spells
order by pno, kind_no
