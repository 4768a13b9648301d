-- NHS cost inflation index (NHSCII, pay & prices) as a cumulative index per financial year, so a price can
-- be restated from one year to another as index[to] / index[from].
-- Reads src_inflation (PSSRU 2024 manual table 12.1.1 as text; `source_row` = 1-based data row). The source
-- labels each row by the first calendar year of the financial year (2015 = 2015/16 … 2023 = 2023/24) and
-- gives the annual % change into that year; 2014/15 is therefore the base (index 1).
-- Limit: published rates cover 2015/16–2023/24 only. One year is extrapolated (2024/25, the latest
-- published rate carried forward, flagged) so that the newest reference prices shipped (NCC 2024/25,
-- PSSRU 2025 edition) and the 2023/24-only outpatient currencies can be put on one price year. Nothing
-- beyond that: the engine refuses to restate to or from a year that has no row here.
with
published as (
  select
    cast(year as integer) as fy_start,
    cast(replace("pay&prices", '%', '') as double) as pay_and_prices_pct,
    false as is_extrapolated,
    'nhs_inflation_index_pssru2024.csv' as source_file,
    source_row,
    year as source_year_label,
    'published annual change (pay & prices)' as note
  from src_inflation
),
base as (
  select
    min(fy_start) - 1 as fy_start,
    cast(null as double) as pay_and_prices_pct,
    false as is_extrapolated,
    'nhs_inflation_index_pssru2024.csv' as source_file,
    cast(null as bigint) as source_row,
    cast(null as varchar) as source_year_label,
    'base year: the year before the first published change' as note
  from published
),
extrapolated as (
  select fy_start + 1, pay_and_prices_pct, true, 'nhs_inflation_index_pssru2024.csv', source_row, source_year_label,
    'EXTRAPOLATED: no published rate; the latest published rate (' || source_year_label || ') carried forward'
  from published
  where fy_start = (select max(fy_start) from published)
),
all_years as (
  select * from base
  union all select * from published
  union all select * from extrapolated
)
select
  fy_start || '/' || right(cast(fy_start + 1 as varchar), 2) as financial_year,
  fy_start,
  pay_and_prices_pct,
  -- cumulative product of (1 + rate) from the base year
  -- (rounded to 12 places: the published rates have two decimals, so nothing real is lost)
  round(exp(sum(ln(1 + coalesce(pay_and_prices_pct, 0) / 100)) over (order by fy_start)), 12) as index_value,
  is_extrapolated,
  source_file,
  source_row,
  source_year_label,
  note
from all_years
order by fy_start
