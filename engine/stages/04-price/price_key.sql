-- price_key: every price a row could take, resolved once per distinct pricing key of the normalised activity
-- (`key_input`, named by the statement that wraps this query: stage 3's rows without the patients lookup, which
-- keys ignore) (activity type, service type, staff role, HRG, financial year, pricing class): a few thousand rows however
-- large the activity table, so the pricing pass needs one hash join and no per-row text building.
-- Unit prices here are already in the activity's financial year where the NHSCII allows: a national or
-- PSSRU price from another year is restated and the factor noted; with no index for both years it stays in
-- its own year and the note says so. $price_year (null = none) adds the factor to the build's price year.
with
target as (
  select cast($price_year as varchar) as target_year, i.index_value as target_index,
    coalesce(i.is_extrapolated, false) as target_extrapolated
  from (select 1 as one) o
  left join ref_inflation i on i.financial_year = cast($price_year as varchar)
),
ncc_span as (
  select min(fy_key) as first_fy, max(fy_key) as last_fy from price_ncc
),
staff_span as (
  select min(fy_key) as first_fy, max(fy_key) as last_fy from price_staff
),
map_key as (
  -- known qualifiers per activity type, and the first rule (named when nothing prices)
  select activity_type, qualifier, department || '|' || currency_code as first_rule
  from ref_ncc_currency_map
  where priority = 1
),
pricing_keys as (
  select distinct activity_type, service_type, staff_role, hrg,
    pricing_year(activity_type, start_date, end_date) as fy, pricing_class(activity_type, start_date, end_date, tfc, mode) as class
  from key_input
),
described as (
  select k.*,
    case
      when k.activity_type in ('community_contact', 'mental_health_contact') then coalesce(lower(trim(k.service_type)), '*')
      when k.class is not null then k.class
      else '*'
    end as service_qualifier,
    case
      when k.activity_type in ('community_contact', 'mental_health_contact') and k.class is not null
        then coalesce(lower(trim(k.service_type)), '*') || '|' || k.class
      when k.activity_type in ('community_contact', 'mental_health_contact') then coalesce(lower(trim(k.service_type)), '*')
      when k.class is not null then k.class
      else '*'
    end as qualifier_raw,
    case k.activity_type
      when 'gp_appointment' then 'primary'
      when 'community_contact' then 'community'
      when 'mental_health_contact' then 'mental_health'
    end as staff_group,
    coalesce(lower(trim(k.staff_role)), '*') as role_raw,
    cast(k.fy as varchar) || '/' || right(cast(k.fy + 1 as varchar), 2) as fy_label,
    yf.index_value as fy_index,
    coalesce(yf.is_extrapolated, false) as fy_extrapolated,
    least(greatest(k.fy, ns.first_fy), ns.last_fy) as ncc_fy_key,
    least(greatest(k.fy, ss.first_fy), ss.last_fy) as staff_fy_key
  from pricing_keys k
  cross join ncc_span ns
  cross join staff_span ss
  left join ref_inflation yf on yf.fy_start = k.fy
),
qualified as (
  -- a contact by telephone takes its service's non-face-to-face rule where the map has one, else its service's;
  -- a service type the map does not list takes the activity type's '*' rules, if it has any
  select d.*, coalesce(mk.qualifier, mv.qualifier, ms.qualifier) as qualifier, coalesce(mk.first_rule, mv.first_rule, ms.first_rule) as first_rule
  from described d
  left join map_key mk on mk.activity_type = d.activity_type and mk.qualifier = d.qualifier_raw
  left join map_key mv on mv.activity_type = d.activity_type and mv.qualifier = d.service_qualifier
  left join map_key ms on ms.activity_type = d.activity_type and ms.qualifier = '*'
),
looked_up as (
  select q.*,
    -- the HRG rule wins when it comes first in the map, or when no fixed-currency rule priced
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.priority else f.priority end as ncc_priority,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.department else f.department end as ncc_department,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.currency_code else f.currency_code end as ncc_currency,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.ncc_fy else f.ncc_fy end as ncc_fy,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.ncc_year else f.ncc_year end as ncc_year,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.unit_cost_gbp else f.unit_cost_gbp end as ncc_unit_cost,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.source_file else f.source_file end as ncc_source,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.ncc_index else f.ncc_index end as ncc_index,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.ncc_extrapolated else f.ncc_extrapolated end as ncc_extrapolated,
    case when h.priority is not null and (f.priority is null or h.priority < f.priority) then h.assumption else f.assumption end as ncc_assumption,
    -- the role's own PSSRU row, else its staff group's default ('*')
    coalesce(s.role, sd.role) as staff_role_key,
    coalesce(s.staff_fy, sd.staff_fy) as staff_fy,
    coalesce(s.staff_year, sd.staff_year) as staff_year,
    coalesce(s.edition_year, sd.edition_year) as staff_edition,
    coalesce(s.cost_per_minute_gbp, sd.cost_per_minute_gbp) as staff_per_minute,
    coalesce(s.source_file, sd.source_file) as staff_source,
    coalesce(s.staff_index, sd.staff_index) as staff_index,
    coalesce(s.staff_extrapolated, sd.staff_extrapolated) as staff_extrapolated
  from qualified q
  left join price_ncc h
    on h.by_hrg and h.activity_type = q.activity_type and h.qualifier = q.qualifier and h.currency_code = q.hrg and h.fy_key = q.ncc_fy_key
  left join price_ncc f
    on not f.by_hrg and f.activity_type = q.activity_type and f.qualifier = q.qualifier and f.fy_key = q.ncc_fy_key
  left join price_staff s on s.staff_group = q.staff_group and s.role = q.role_raw and s.fy_key = q.staff_fy_key
  left join price_staff sd on sd.staff_group = q.staff_group and sd.role = '*' and sd.fy_key = q.staff_fy_key
),
restated as (
  -- factor from the reference year to the activity's year: null when the index lacks either year
  select l.*,
    case when ncc_fy = fy then 1.0 when fy_index is not null and ncc_index is not null then fy_index / ncc_index end as ncc_factor,
    case when staff_fy = fy then 1.0 when fy_index is not null and staff_index is not null then fy_index / staff_index end as staff_factor
  from looked_up l
),
in_year as (
  select r.*, t.*,
    case when ncc_factor is null then ncc_year else fy_label end as ncc_price_year,
    case when ncc_factor is null then ncc_index else fy_index end as ncc_price_index,
    case when ncc_factor is null then ncc_extrapolated else fy_extrapolated end as ncc_price_extrapolated,
    case when staff_factor is null then staff_year else fy_label end as staff_price_year,
    case when staff_factor is null then staff_index else fy_index end as staff_price_index,
    case when staff_factor is null then staff_extrapolated else fy_extrapolated end as staff_price_extrapolated
  from restated r
  cross join target t
)
select
  activity_type, service_type, staff_role, hrg, fy, class,
  fy_label,
  staff_group,
  role_raw = 'gp' as is_gp,
  -- national unit cost, per unit, in ncc_price_year
  ncc_unit_cost * coalesce(ncc_factor, 1) as ncc_unit_cost_fy,
  ncc_price_year,
  ncc_source as ncc_price_source,
  ncc_department || '|' || ncc_currency as ncc_price_ref,
  nullif(concat_ws('; ',
    case when ncc_priority > 1 then 'fallback rule ' || ncc_priority || ': ' || replace(first_rule, '{hrg}', coalesce(hrg, '(no HRG)')) || ' has no price' end,
    ncc_assumption,
    case when ncc_fy <> fy then
      case when ncc_factor is not null
        then 'NCC ' || ncc_year || '→' || fy_label || ' ×' || printf('%.4f', ncc_factor)
          || case when ncc_extrapolated or fy_extrapolated then ' (NHSCII extrapolated)' else '' end
        else 'NCC ' || ncc_year || ' not restated: no NHSCII index for ' || fy_label end end
  ), '') as ncc_note,
  pricing_target_factor(ncc_price_index, target_year, target_index) as ncc_target_factor,
  pricing_target_note(ncc_price_year, ncc_price_index, ncc_price_extrapolated, target_year, target_index, target_extrapolated) as ncc_target_note,
  -- staff time, per minute, in staff_price_year
  staff_per_minute * coalesce(staff_factor, 1) as staff_per_minute_fy,
  staff_price_year,
  staff_source || ' (PSSRU ' || staff_edition || ')' as staff_price_source,
  staff_group || '|' || staff_role_key as staff_price_ref,
  case when staff_fy <> fy then
    case when staff_factor is not null
      then 'PSSRU ' || staff_edition || ' (' || staff_year || ')→' || fy_label || ' ×' || printf('%.4f', staff_factor)
        || case when staff_extrapolated or fy_extrapolated then ' (NHSCII extrapolated)' else '' end
      else 'PSSRU ' || staff_edition || ' not restated: no NHSCII index for ' || fy_label end
  end as staff_note,
  pricing_target_factor(staff_price_index, target_year, target_index) as staff_target_factor,
  pricing_target_note(staff_price_year, staff_price_index, staff_price_extrapolated, target_year, target_index, target_extrapolated) as staff_target_note,
  -- money in the activity's own year (supplied, tariff, LA unit cost). The NHS cost inflation index measures NHS
  -- pay and prices: a council's care costs and a drug's price are not restated by it (no index for them in
  -- reference/), and say so, as a year without an index does.
  case when activity_type in ('social_care_service', 'prescription') then pricing_target_factor(null, target_year, target_index)
    else pricing_target_factor(fy_index, target_year, target_index) end as year_target_factor,
  case when activity_type in ('social_care_service', 'prescription') then
      case when target_year is null or fy_label = target_year then null
        else 'not restated to ' || target_year || ': the NHS cost inflation index measures NHS pay and prices, not '
          || case activity_type when 'prescription' then 'a drug''s price' else 'a council''s care costs' end end
    else pricing_target_note(fy_label, fy_index, fy_extrapolated, target_year, target_index, target_extrapolated) end as year_target_note,
  -- why nothing priced, for rows that are neither social care nor prescriptions (those say so per row)
  case
    when first_rule is not null then 'no NCC unit cost for ' || replace(first_rule, '{hrg}', coalesce(hrg, '(no HRG)'))
    when staff_group is not null then 'no NCC currency for ' || activity_type || '|' || qualifier_raw || ' and no minutes recorded'
    else 'no pricing rule for ' || activity_type
  end as unpriced_reason
from in_year
