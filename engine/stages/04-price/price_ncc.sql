-- price_ncc: the NCC unit cost each rule of reference/ncc_currency_map.csv gives, per financial year of
-- the NCC span. Small (rules × HRGs × years); the pricing pass hash-joins to it.
-- For each key (activity type, qualifier, and the HRG for '{hrg}' rules) and each year: the first rule
-- (priority) that has a price, then the nearest year (the later on a tie). A department that fits comes
-- before the right year: a 2023/24 day case is priced at the 2024/25 day-case price deflated, not at the
-- 2023/24 inpatient price. Activity outside the span is clamped into it, which picks the same nearest year.
create or replace table price_ncc as
with
ncc_span as (
  select min(fy_start) as first_fy, max(fy_start) as last_fy from ref_ncc_unit_cost
),
rule_price as (
  -- every rule with every NCC row it can price from; '{hrg}' rules price by the row's own HRG
  select m.activity_type, m.qualifier, m.priority, m.currency_code = '{hrg}' as by_hrg, nullif(m.assumption, '') as assumption,
    n.department, n.currency_code, n.fy_start as ncc_fy, n.price_year as ncc_year, n.unit_cost_gbp,
    n.source_file, i.index_value as ncc_index, coalesce(i.is_extrapolated, false) as ncc_extrapolated
  from ref_ncc_currency_map m
  join ref_ncc_unit_cost n
    on n.department = m.department and (m.currency_code = '{hrg}' or n.currency_code = m.currency_code)
  left join ref_inflation i on i.fy_start = n.fy_start
),
ranked as (
  select rp.*, y.fy_key,
    row_number() over (
      partition by rp.activity_type, rp.qualifier, rp.by_hrg, case when rp.by_hrg then rp.currency_code end, y.fy_key
      order by rp.priority, abs(rp.ncc_fy - y.fy_key), rp.ncc_fy desc
    ) as pick
  from rule_price rp, ncc_span s, generate_series(s.first_fy, s.last_fy) as y(fy_key)
)
select * exclude (pick)
from ranked
where pick = 1
