-- The library pathways' patients (reference/library.ts): emergency strokes, operated hip fractures (60+) and
-- day-case cataracts, each at its cited rate per age band (one per person at most; cohortBoost, which multiplies
-- the hip and knee rates for small samples, leaves them at the national rate), as
-- library_spells; and the people with a long-term condition (1 type 2 diabetes, 2 COPD) at its cited prevalence,
-- as ltc_people, with the condition's extra (podiatry; an exacerbation admission). Their activity is in
-- sql/library/<feed>.sql. Random streams 240–259; the second argument of rnd is the kind (11–13 spells, 21–22 conditions).
create or replace table library_spells as
with cand as (
  select pno, sex, age0, home_trust,
    greatest(getvariable('d_from'), registered_from) as start_eff,
    least(getvariable('d_to'), registered_to, date_of_death) as end_eff,
    1 + len(list_filter(pathway_bands(), b -> b <= age0)) as pb
  from persons_base
  where age0 >= 18
),
hazard as (
  select *, end_eff - start_eff as span, (end_eff - start_eff) / 365.25 / 1000 as scale
  from cand where end_eff > start_eff
),
drawn as (
  -- P(at least one) = 1 − e^(−λ) for a Poisson rate λ over the person's time in the period
  select pno, 1 as kind_no, 11 as stream from hazard where rnd(pno, 11, 240) < 1 - exp(-library_rates().stroke[pb] * scale)
  union all
  select pno, 2, 12 from hazard
  where rnd(pno, 12, 240) < 1 - exp(-library_rates().hip_fracture[pb] * if(sex = '2', library_rates().hf_female, library_rates().hf_male) * scale)
  union all
  select pno, 3, 13 from hazard where rnd(pno, 13, 240) < 1 - exp(-library_rates().cataract[pb] * scale)
)
select
  row_number() over (order by pno, kind_no) as lib_id, pno, kind_no,
  ['stroke', 'hip_fracture', 'cataract'][kind_no] as kind,
  h.start_eff + floor(rnd(pno, stream, 241) * h.span)::integer as adm,
  if(kind_no = 3, 0, 1 + floor(rexp(pno, stream, 242) * library_spells()[kind_no].mean_los)::integer) as los,
  -- CC band from age: older people carry more comorbidity
  least(len(library_spells()[kind_no].hrg), 1 + floor(rnd(pno, stream, 243) * 2 + (h.age0 - 18) / 25)::integer) as band,
  pick(library_spells()[kind_no].dx, rnd(pno, stream, 244)) as dx,
  pick(library_spells()[kind_no].procs, rnd(pno, stream, 245)) as procs,
  if(rnd(pno, stream, 246) < 0.85, h.home_trust, 'RA' || (1 + floor(rnd(pno, stream, 247) * 5))::integer::varchar) as provider,
  rnd(pno, stream, 248) as cost_u
from drawn join hazard h using (pno)
order by pno, kind_no;

create or replace table ltc_people as
select pno, cond, rnd(pno, 20 + cond, 251) < ltc_care()[cond].extra as extra
from persons_base, range(1, 3) t(cond)
where age0 >= 18 and rnd(pno, 20 + cond, 250) < ltc_care()[cond].prevalence[1 + len(list_filter(pathway_bands(), b -> b <= age0))]
order by pno, cond;
