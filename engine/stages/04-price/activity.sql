-- Stage 4 — price (DESIGN §4): activity_normalised → activity in one set-based pass.
-- cost_basis is the first rule that applies:
--   plics_actual / supplied  money the feed supplies is never overridden (acute PLICS; item or contact cost)
--   tariff                   the price the ICB paid, where supplied
--   not_attended             DNA or cancelled with no money supplied: £0, counted
--   national_unit_cost       NCC unit cost by department + currency (reference/ncc_currency_map.csv)
--   staff_time               minutes × PSSRU cost per minute of the staff group and role
--   la_unit_cost             social care unit cost × units, prorated by days
--   unpriced                 £0, counted, price_ref says why
-- Reference prices are resolved first into small tables (price_ncc.sql, price_staff.sql: one row per
-- rule key, HRG and financial year); the large table meets them only through equality hash joins. The input-columns placeholder in the final
-- select is filled in by index.ts with every column of activity_normalised (from the schema).
insert into activity by name
with
params as (
  select cast($price_year as varchar) as target_year, cast($cutoff as date) as cutoff
),
target as (
  select p.target_year, i.index_value as target_index, coalesce(i.is_extrapolated, false) as target_extrapolated
  from params p
  left join ref_inflation i on i.financial_year = p.target_year
),
ncc_span as (
  select min(fy_key) as first_fy, max(fy_key) as last_fy from price_ncc
),
staff_span as (
  select min(fy_key) as first_fy, max(fy_key) as last_fy from price_staff
),
map_key as (
  -- known qualifiers per activity type, with the first rule (named in price_ref when nothing priced)
  select activity_type, qualifier, department || '|' || currency_code as first_rule
  from ref_ncc_currency_map
  where priority = 1
),
normalised as (
  select a.*,
    -- financial year (April–March) of the start date: the price year sought
    extract(year from a.start_date) - case when extract(month from a.start_date) < 4 then 1 else 0 end as fy,
    coalesce(lower(a.status) in ('dna', 'cancelled'), false) as is_not_attended,
    lower(a.cost_frequency) as frequency,
    case
      when a.activity_type = 'apc_elective' then case when a.end_date = a.start_date then 'day_case' else 'ordinary' end
      -- NCC non-elective short stay: length of stay 0 or 1 day
      when a.activity_type in ('apc_emergency', 'apc_other') then case when a.end_date - a.start_date < 2 then 'short_stay' else 'long_stay' end
      when a.activity_type in ('community_contact', 'mental_health_contact') then coalesce(lower(trim(a.service_type)), '*')
      else '*'
    end as qualifier_raw,
    case a.activity_type
      when 'gp_appointment' then 'primary'
      when 'community_contact' then 'community'
      when 'mental_health_contact' then 'mental_health'
    end as staff_group,
    coalesce(lower(trim(a.staff_role)), '*') as role_raw,
    -- GP time: stage 3 chose actual or planned minutes; missing or zero → 10 and a 60-minute cap are
    -- applied again here so the price never depends on it. Other staff: recorded minutes only.
    case
      when a.activity_type = 'gp_appointment' then least(coalesce(nullif(cast(a.minutes as double), 0), 10), 60)
      when a.minutes > 0 then cast(a.minutes as double)
    end as priced_minutes,
    -- days a care package ran, both ends counted, never past the cut-off
    greatest(least(a.end_date, p.cutoff) - a.start_date + 1, 0) as care_days
  from activity_normalised a
  cross join params p
),
keyed as (
  select n.*,
    coalesce(k.qualifier, ks.qualifier) as qualifier,
    coalesce(k.first_rule, ks.first_rule) as first_rule,
    least(greatest(n.fy, ns.first_fy), ns.last_fy) as ncc_fy_key,
    least(greatest(n.fy, ss.first_fy), ss.last_fy) as staff_fy_key,
    n.fy || '/' || right(cast(n.fy + 1 as varchar), 2) as fy_label,
    yf.index_value as fy_index,
    coalesce(yf.is_extrapolated, false) as fy_extrapolated
  from normalised n
  cross join ncc_span ns
  cross join staff_span ss
  left join map_key k on k.activity_type = n.activity_type and k.qualifier = n.qualifier_raw
  left join map_key ks on ks.activity_type = n.activity_type and ks.qualifier = '*'
  left join ref_inflation yf on yf.fy_start = n.fy
),
looked_up as (
  select x.*,
    -- the HRG rule wins when it comes first in the map (or no fixed-currency rule priced)
    h.priority is not null and (f.priority is null or h.priority < f.priority) as use_hrg,
    h.priority as h_priority, h.department as h_department, h.currency_code as h_currency, h.ncc_fy as h_fy,
    h.ncc_year as h_year, h.unit_cost_gbp as h_unit_cost, h.source_file as h_source, h.ncc_index as h_index,
    h.ncc_extrapolated as h_extrapolated,
    f.priority as f_priority, f.department as f_department, f.currency_code as f_currency, f.ncc_fy as f_fy,
    f.ncc_year as f_year, f.unit_cost_gbp as f_unit_cost, f.source_file as f_source, f.ncc_index as f_index,
    f.ncc_extrapolated as f_extrapolated,
    coalesce(s.role, sd.role) as staff_role_key,
    coalesce(s.staff_fy, sd.staff_fy) as staff_fy,
    coalesce(s.staff_year, sd.staff_year) as staff_year,
    coalesce(s.edition_year, sd.edition_year) as staff_edition,
    coalesce(s.cost_per_minute_gbp, sd.cost_per_minute_gbp) as staff_per_minute,
    coalesce(s.source_file, sd.source_file) as staff_source,
    coalesce(s.staff_index, sd.staff_index) as staff_index,
    coalesce(s.staff_extrapolated, sd.staff_extrapolated) as staff_extrapolated
  from keyed x
  left join price_ncc h
    on h.by_hrg and h.activity_type = x.activity_type and h.qualifier = x.qualifier and h.currency_code = x.hrg and h.fy_key = x.ncc_fy_key
  left join price_ncc f
    on not f.by_hrg and f.activity_type = x.activity_type and f.qualifier = x.qualifier and f.fy_key = x.ncc_fy_key
  left join price_staff s on s.staff_group = x.staff_group and s.role = x.role_raw and s.fy_key = x.staff_fy_key
  left join price_staff sd on sd.staff_group = x.staff_group and sd.role = '*' and sd.fy_key = x.staff_fy_key
),
chosen as (
  select l.*,
    case when use_hrg then h_priority else f_priority end as ncc_priority,
    case when use_hrg then h_department else f_department end as ncc_department,
    case when use_hrg then h_currency else f_currency end as ncc_currency,
    case when use_hrg then h_fy else f_fy end as ncc_fy,
    case when use_hrg then h_year else f_year end as ncc_year,
    case when use_hrg then h_unit_cost else f_unit_cost end as ncc_unit_cost,
    case when use_hrg then h_source else f_source end as ncc_source,
    case when use_hrg then h_index else f_index end as ncc_index,
    case when use_hrg then h_extrapolated else f_extrapolated end as ncc_extrapolated
  from looked_up l
),
candidates as (
  -- each way the row could be priced, in its own price year (restated to the activity's year where an
  -- index exists for both years; otherwise left in the reference year and said so)
  select c.*,
    case when ncc_fy = fy then 1.0 when fy_index is not null and ncc_index is not null then fy_index / ncc_index end as ncc_factor,
    case when staff_fy = fy then 1.0 when fy_index is not null and staff_index is not null then fy_index / staff_index end as staff_factor,
    case when activity_type = 'social_care_service' then
      case frequency
        when 'week' then cast(unit_cost_gbp as double) * care_days / 7
        when 'hour' then cast(unit_cost_gbp as double) * planned_units_per_week * care_days / 7
        when 'day' then cast(unit_cost_gbp as double) * care_days
        when 'one_off' then cast(unit_cost_gbp as double)
      end
    end as la_cost
  from chosen c
),
costed as (
  select c.*,
    ncc_unit_cost * coalesce(ncc_factor, 1) as ncc_cost,
    case when ncc_factor is null then ncc_year else fy_label end as ncc_price_year,
    case when ncc_factor is null then ncc_index else fy_index end as ncc_price_index,
    case when ncc_factor is null then ncc_extrapolated else fy_extrapolated end as ncc_price_extrapolated,
    priced_minutes * staff_per_minute * coalesce(staff_factor, 1) as staff_cost,
    case when staff_factor is null then staff_year else fy_label end as staff_price_year,
    case when staff_factor is null then staff_index else fy_index end as staff_price_index,
    case when staff_factor is null then staff_extrapolated else fy_extrapolated end as staff_price_extrapolated,
    case
      when setting = 'acute' and supplied_cost_gbp > 0 then 'plics_actual'
      when supplied_cost_gbp > 0 then 'supplied'
      when tariff_gbp > 0 then 'tariff'
      when is_not_attended then 'not_attended'
      when ncc_unit_cost is not null then 'national_unit_cost'
      when staff_per_minute is not null and priced_minutes is not null then 'staff_time'
      when la_cost is not null then 'la_unit_cost'
      else 'unpriced'
    end as basis
  from candidates c
),
valued as (
  select c.*,
    case basis
      when 'plics_actual' then cast(supplied_cost_gbp as double)
      when 'supplied' then cast(supplied_cost_gbp as double)
      when 'tariff' then cast(tariff_gbp as double)
      when 'national_unit_cost' then ncc_cost
      when 'staff_time' then staff_cost
      when 'la_unit_cost' then la_cost
      else 0
    end as nominal,
    case basis when 'national_unit_cost' then ncc_price_year when 'staff_time' then staff_price_year else fy_label end as price_year_label,
    case basis when 'national_unit_cost' then ncc_price_index when 'staff_time' then staff_price_index else fy_index end as price_index,
    case basis when 'national_unit_cost' then ncc_price_extrapolated when 'staff_time' then staff_price_extrapolated else fy_extrapolated end as price_extrapolated,
    -- resource-use view: re-priced ignoring PLICS and tariff; the row's own cost only where no national,
    -- staff-time or LA price exists (prescriptions, unknown HRGs)
    case
      when is_not_attended then 'none'
      when ncc_cost is not null then 'national_unit_cost'
      when staff_cost is not null then 'staff_time'
      when la_cost is not null then 'la_unit_cost'
      else 'own'
    end as std_basis
  from costed c
),
standardised as (
  select v.*,
    case std_basis when 'none' then 0 when 'national_unit_cost' then ncc_cost when 'staff_time' then staff_cost
      when 'la_unit_cost' then la_cost else nominal end as std_nominal,
    case std_basis when 'national_unit_cost' then ncc_price_index when 'staff_time' then staff_price_index else price_index end as std_index,
    case when t.target_year is null then 1.0 when price_index is not null then t.target_index / price_index end as target_factor,
    case when t.target_year is null then 1.0 else t.target_index / case std_basis
      when 'national_unit_cost' then ncc_price_index when 'staff_time' then staff_price_index else price_index end end as std_target_factor,
    t.target_year,
    t.target_extrapolated
  from valued v
  cross join target t
)
select
  {{input_columns}},
  cast(round(nominal * coalesce(target_factor, 1), 2) as decimal(18, 2)) as cost_gbp,
  cast(round(nominal, 2) as decimal(18, 2)) as nominal_cost_gbp,
  cast(round(std_nominal * coalesce(std_target_factor, 1), 2) as decimal(18, 2)) as standardised_cost_gbp,
  basis as cost_basis,
  price_year_label as price_year,
  case basis
    when 'national_unit_cost' then ncc_source
    when 'staff_time' then staff_source || ' (PSSRU ' || staff_edition || ')'
    when 'unpriced' then null
    else feed
  end as price_source,
  case basis
    when 'plics_actual' then 'supplied_cost_gbp'
    when 'supplied' then 'supplied_cost_gbp'
    when 'tariff' then 'tariff_gbp'
    when 'not_attended' then 'status=' || status
    when 'national_unit_cost' then ncc_department || '|' || ncc_currency
    when 'staff_time' then staff_group || '|' || staff_role_key
    when 'la_unit_cost' then 'unit_cost_gbp ' || unit_cost_gbp || ' per ' || frequency
    else 'unpriced: ' || case
      when activity_type = 'social_care_service' and unit_cost_gbp is null then 'no unit cost supplied'
      when activity_type = 'social_care_service' and frequency = 'hour' then 'hourly unit cost without planned hours per week'
      when activity_type = 'social_care_service' then 'unknown cost frequency ' || coalesce(cost_frequency, '(none)')
      when activity_type = 'prescription' then 'no actual cost supplied'
      when first_rule is not null then 'no NCC unit cost for ' || replace(first_rule, '{hrg}', coalesce(hrg, '(no HRG)'))
      when staff_group is not null then 'no NCC currency for ' || activity_type || '|' || qualifier_raw || ' and no minutes recorded'
      else 'no pricing rule for ' || activity_type
    end
  end as price_ref,
  nullif(concat_ws('; ',
    case when basis = 'national_unit_cost' and ncc_priority > 1
      then 'fallback rule ' || ncc_priority || ': ' || replace(first_rule, '{hrg}', coalesce(hrg, '(no HRG)')) || ' has no price' end,
    case when basis = 'national_unit_cost' and ncc_fy <> fy then
      case when ncc_factor is not null
        then 'NCC ' || ncc_year || '→' || fy_label || ' ×' || printf('%.4f', ncc_factor)
          || case when ncc_extrapolated or fy_extrapolated then ' (NHSCII extrapolated)' else '' end
        else 'NCC ' || ncc_year || ' not restated: no NHSCII index for ' || fy_label end end,
    case when basis = 'staff_time' and staff_fy <> fy then
      case when staff_factor is not null
        then 'PSSRU ' || staff_edition || ' (' || staff_year || ')→' || fy_label || ' ×' || printf('%.4f', staff_factor)
          || case when staff_extrapolated or fy_extrapolated then ' (NHSCII extrapolated)' else '' end
        else 'PSSRU ' || staff_edition || ' not restated: no NHSCII index for ' || fy_label end end,
    case when basis = 'staff_time' and activity_type = 'gp_appointment' and coalesce(minutes, 0) <= 0 then 'no minutes recorded: 10 assumed'
         when basis = 'staff_time' and activity_type = 'gp_appointment' and minutes > 60 then 'minutes capped at 60' end,
    case when basis = 'la_unit_cost' and frequency in ('week', 'hour', 'day')
      then 'prorated over ' || care_days || ' days' || case frequency when 'week' then ' (×' || care_days || '/7)'
        when 'hour' then ' (' || planned_units_per_week || ' h/week ×' || care_days || '/7)' else '' end end,
    case when target_year is not null and nominal <> 0 and price_year_label <> target_year then
      case when target_factor is not null
        then 'restated ' || price_year_label || '→' || target_year || ' ×' || printf('%.4f', target_factor)
          || case when price_extrapolated or target_extrapolated then ' (NHSCII extrapolated)' else '' end
        else 'not restated to ' || target_year || ': no NHSCII index for ' || price_year_label end end,
    case when std_basis = 'own' and nominal <> 0 and activity_type <> 'prescription'
      then 'standardised = own cost: no national price' end
  ), '') as adjustment,
  case
    -- nights in hospital; a same-day spell occupies a bed for the day and counts as one
    when activity_type in ('apc_elective', 'apc_emergency', 'apc_other') then cast(greatest(end_date - start_date, 1) as double)
    when is_not_attended then 0.0
    when activity_type = 'gp_appointment' then priced_minutes
    when activity_type = 'social_care_service' then case frequency
      when 'hour' then coalesce(planned_units_per_week * care_days / 7, 0)
      when 'week' then care_days / 7
      when 'one_off' then 1.0
      else cast(care_days as double) end
    else 1.0
  end as units,
  case
    when activity_type in ('apc_elective', 'apc_emergency', 'apc_other') then 'bed_days'
    when activity_type in ('op_first', 'op_follow_up', 'ae_attendance') then 'attendances'
    when activity_type = 'gp_appointment' then case when role_raw = 'gp' then 'gp_minutes' else 'staff_minutes' end
    when activity_type in ('community_contact', 'mental_health_contact') then 'contacts'
    when activity_type = 'social_care_service' then case frequency
      when 'hour' then 'care_hours' when 'week' then 'weeks' when 'one_off' then 'items' else 'care_days' end
    when activity_type = 'prescription' then 'items'
    else 'contacts'
  end as unit
from standardised
