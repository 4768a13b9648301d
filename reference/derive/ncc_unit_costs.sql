-- National Cost Collection national schedules 2023/24 and 2024/25 in one shape.
-- Reads the views src_ncc_2023_24 / src_ncc_2024_25 (all columns as text, `source_row` = 1-based data row,
-- header excluded). Unit costs are copied as published text: never recomputed from cost ÷ activity, so the
-- figures can be checked against the source row by eye.
-- 2024/25 rows whose activity and unit cost were suppressed (`*` in NHS England's schedule, blank here)
-- are left out: blank means unknown, and an unknown price must fall through to the next rule, never be £0.
with
ncc_2023_24 as (
  -- the 2023/24 header differs: `Service Code` is the department description (same vocabulary as 2024/25)
  select
    '2023/24' as price_year,
    "Service Code" as department,
    "Dept or Currency Code" as currency_code,
    "Dept or Currency Desc" as currency_desc,
    "Activity" as activity,
    "Unit cost" as unit_cost_gbp,
    'ncc_2023_24.csv' as source_file,
    source_row
  from src_ncc_2023_24
),
ncc_2024_25 as (
  select
    '2024/25' as price_year,
    department_code as department,
    currency_code,
    currency_desc,
    activity,
    unit_cost as unit_cost_gbp,
    'ncc_2024_25.csv' as source_file,
    source_row
  from src_ncc_2024_25
),
unified as (
  select * from ncc_2023_24
  union all
  select * from ncc_2024_25
)
select *
from unified
where unit_cost_gbp is not null
order by price_year, department, currency_code
