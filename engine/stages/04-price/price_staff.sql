-- price_staff: PSSRU cost per minute per staff group and role, for each financial year of the editions'
-- span: the edition whose price year is nearest (the later on a tie). Small; hash-joined by the pricing pass.
create or replace table price_staff as
with
staff_span as (
  select min(fy_start) as first_fy, max(fy_start) as last_fy from ref_staff_cost_per_minute
),
ranked as (
  select s.staff_group, s.role, y.fy_key, s.fy_start as staff_fy, s.price_year as staff_year, s.edition_year,
    s.cost_per_minute_gbp, s.source_file, i.index_value as staff_index,
    coalesce(i.is_extrapolated, false) as staff_extrapolated,
    row_number() over (partition by s.staff_group, s.role, y.fy_key order by abs(s.fy_start - y.fy_key), s.fy_start desc) as pick
  from ref_staff_cost_per_minute s
  left join ref_inflation i on i.fy_start = s.fy_start
  cross join staff_span sp
  cross join generate_series(sp.first_fy, sp.last_fy) as y(fy_key)
)
select * exclude (pick)
from ranked
where pick = 1
