-- Stage 4 — price (DESIGN §4): every row of `pricing_input` (normalised activity, named by the query that wraps
-- this one) priced as it is read, never stored for all 50M rows (later stages materialise only what they keep).
-- cost_basis is the first rule that applies:
--   plics_actual / supplied  money the feed supplies is never overridden (acute PLICS; item or contact cost)
--   tariff                   the price the ICB paid, where supplied
--   not_attended             DNA or cancelled with no money supplied: £0, counted
--   national_unit_cost       NCC unit cost by department + currency (reference/ncc_currency_map.csv)
--   staff_time               minutes × PSSRU cost per minute of the staff group and role
--   la_unit_cost             social care unit cost × units, prorated by days
--   unpriced                 £0, counted, price_ref says why
-- Every reference price was resolved per pricing key in price_key (price_key.sql); each row meets it through
-- one hash join on the same keys (helpers.sql). The result is every input column, the working columns and the
-- priced ones; index.ts selects the input and priced columns by name. The cut-off is pricing_cutoff's one row.
with
joined as (
  select a.*,
    k.fy_label, k.is_gp, k.staff_group,
    k.ncc_unit_cost_fy, k.ncc_price_year, k.ncc_price_source, k.ncc_price_ref, k.ncc_note, k.ncc_target_factor, k.ncc_target_note,
    k.staff_per_minute_fy, k.staff_price_year, k.staff_price_source, k.staff_price_ref, k.staff_note, k.staff_target_factor, k.staff_target_note,
    k.year_target_factor, k.year_target_note, k.unpriced_reason,
    coalesce(a.status in ('dna', 'cancelled'), false) as is_not_attended,
    -- GP time: stage 3 chose actual or planned minutes, as recorded; missing or zero → 10 and the 60-minute cap
    -- are applied here, where the adjustment says so. Other staff: recorded minutes only.
    case
      when a.activity_type = 'gp_appointment' then least(coalesce(nullif(cast(a.minutes as double), 0), 10), 60)
      when a.minutes > 0 then cast(a.minutes as double)
    end as priced_minutes,
    -- care packages: days they ran, both ends counted, never past the cut-off
    case when a.activity_type = 'social_care_service' then greatest(least(a.end_date, p.cutoff_date) - a.start_date + 1, 0) end as care_days,
    case when a.activity_type = 'social_care_service' then lower(a.cost_frequency) end as frequency,
    -- a day service (day care) runs on its planned days a week, at most seven; none planned: every day
    case when a.activity_type = 'social_care_service' and lower(a.cost_frequency) = 'day'
      then least(coalesce(cast(a.planned_units_per_week as double), 7), 7) end as days_per_week
  from pricing_input a
  cross join pricing_cutoff p
  left join price_key k
    on k.activity_type = a.activity_type
    and k.service_type is not distinct from a.service_type
    and k.staff_role is not distinct from a.staff_role
    and k.hrg is not distinct from a.hrg
    and k.fy = pricing_year(a.activity_type, a.start_date, a.end_date)
    and k.class is not distinct from pricing_class(a.activity_type, a.start_date, a.end_date, a.tfc, a.mode)
),
costs as (
  select j.*,
    ncc_unit_cost_fy as ncc_cost,
    priced_minutes * staff_per_minute_fy as staff_cost,
    case frequency
      when 'hour' then cast(unit_cost_gbp as double) * planned_units_per_week * care_days / 7
      when 'day' then cast(unit_cost_gbp as double) * days_per_week * care_days / 7
      when 'one_off' then cast(unit_cost_gbp as double)
      -- a week, fortnight, four weeks, month, quarter or year: the days the service ran over the period's days
      else cast(unit_cost_gbp as double) * care_days / cost_period_days(frequency)
    end as la_cost
  from joined j
),
based as (
  select c.*,
    case
      when setting = 'acute' and supplied_cost_gbp > 0 then 'plics_actual'
      when supplied_cost_gbp > 0 then 'supplied'
      when tariff_gbp > 0 then 'tariff'
      when is_not_attended then 'not_attended'
      when ncc_cost is not null then 'national_unit_cost'
      when staff_cost is not null then 'staff_time'
      when la_cost is not null then 'la_unit_cost'
      else 'unpriced'
    end as basis,
    -- resource-use view: re-priced ignoring PLICS and tariff; the row's own cost only where no national,
    -- staff-time or LA price exists (prescriptions, HRGs the NCC does not price)
    case
      when is_not_attended then 'none'
      when ncc_cost is not null then 'national_unit_cost'
      when staff_cost is not null then 'staff_time'
      when la_cost is not null then 'la_unit_cost'
      else 'own'
    end as std_basis
  from costs c
),
valued as (
  select b.*,
    case basis
      when 'plics_actual' then cast(supplied_cost_gbp as double)
      when 'supplied' then cast(supplied_cost_gbp as double)
      when 'tariff' then cast(tariff_gbp as double)
      when 'national_unit_cost' then ncc_cost
      when 'staff_time' then staff_cost
      when 'la_unit_cost' then la_cost
      else 0.0
    end as nominal,
    case basis when 'national_unit_cost' then ncc_target_factor when 'staff_time' then staff_target_factor else year_target_factor end as target_factor
  from based b
),
standardised as (
  select v.*,
    case std_basis
      when 'none' then 0.0
      when 'national_unit_cost' then ncc_cost
      when 'staff_time' then staff_cost
      when 'la_unit_cost' then la_cost
      else nominal
    end as std_nominal,
    case std_basis when 'national_unit_cost' then ncc_target_factor when 'staff_time' then staff_target_factor else year_target_factor end as std_target_factor,
    -- the pieces of the adjustment text (mostly null: joined only where one is set)
    case basis when 'national_unit_cost' then ncc_note when 'staff_time' then staff_note end as price_note,
    case
      when basis = 'staff_time' and activity_type = 'gp_appointment' and coalesce(minutes, 0) <= 0 then 'no minutes recorded: 10 assumed'
      when basis = 'staff_time' and activity_type = 'gp_appointment' and minutes > 60 then 'minutes capped at 60'
    end as minutes_note,
    case when basis = 'la_unit_cost' and (frequency in ('hour', 'day') or cost_period_days(frequency) is not null) then
      'prorated over ' || care_days || ' days' || case frequency
        when 'hour' then ' (' || planned_units_per_week || ' h/week ×' || care_days || '/7)'
        when 'day' then coalesce(' (' || planned_units_per_week || ' days/week ×' || care_days || '/7)', '')
          || case when planned_units_per_week > 7 then ', planned days capped at 7 a week' else '' end
        else ' (×' || care_days || '/' || format('{:g}', cost_period_days(frequency)) || ')' end
    end as la_note,
    case when nominal <> 0 then
      case basis when 'national_unit_cost' then ncc_target_note when 'staff_time' then staff_target_note else year_target_note end
    end as target_note,
    case when std_basis = 'own' and nominal <> 0 and activity_type <> 'prescription' then 'standardised = own cost: no national price' end as std_note
  from valued v
)
select *,
  cast(round_pence(nominal * coalesce(target_factor, 1)) as decimal(18, 2)) as cost_gbp,
  cast(round_pence(nominal) as decimal(18, 2)) as nominal_cost_gbp,
  cast(round_pence(std_nominal * coalesce(std_target_factor, 1)) as decimal(18, 2)) as standardised_cost_gbp,
  basis as cost_basis,
  case basis when 'national_unit_cost' then ncc_price_year when 'staff_time' then staff_price_year else fy_label end as price_year,
  case basis
    when 'national_unit_cost' then ncc_price_source
    when 'staff_time' then staff_price_source
    when 'unpriced' then null
    else feed
  end as price_source,
  case basis
    when 'plics_actual' then 'supplied_cost_gbp'
    when 'supplied' then 'supplied_cost_gbp'
    when 'tariff' then 'tariff_gbp'
    when 'not_attended' then 'status=' || status
    when 'national_unit_cost' then ncc_price_ref
    when 'staff_time' then staff_price_ref
    when 'la_unit_cost' then 'unit_cost_gbp ' || unit_cost_gbp || ' per ' || frequency
    else 'unpriced: ' || case
      when activity_type = 'social_care_service' and unit_cost_gbp is null then 'no unit cost supplied'
      when activity_type = 'social_care_service' and frequency = 'hour' then 'hourly unit cost without planned hours per week'
      when activity_type = 'social_care_service' then 'unknown cost frequency ' || coalesce(cost_frequency, '(none)')
      when activity_type = 'prescription' then 'no actual cost supplied'
      else unpriced_reason
    end
  end as price_ref,
  case
    when price_note is null and minutes_note is null and la_note is null and target_note is null and std_note is null then null
    else concat_ws('; ', price_note, minutes_note, la_note, target_note, std_note)
  end as adjustment,
  case
    -- nights in hospital; a same-day spell occupies a bed for the day and counts as one
    when activity_type in ('apc_elective', 'apc_emergency', 'apc_other') then cast(greatest(end_date - start_date, 1) as double)
    when is_not_attended then 0.0
    when activity_type = 'gp_appointment' then priced_minutes
    when activity_type = 'social_care_service' then case frequency
      when 'hour' then coalesce(planned_units_per_week * care_days / 7, 0.0)
      when 'one_off' then 1.0
      when 'day' then days_per_week * care_days / 7
      -- a cost per period counts the weeks the service ran
      else case when cost_period_days(frequency) is not null then care_days / 7 else cast(care_days as double) end
    end
    else 1.0
  end as units,
  case
    when activity_type in ('apc_elective', 'apc_emergency', 'apc_other') then 'bed_days'
    when activity_type in ('op_first', 'op_follow_up', 'ae_attendance') then 'attendances'
    when activity_type = 'gp_appointment' then case when is_gp then 'gp_minutes' else 'staff_minutes' end
    when activity_type in ('community_contact', 'mental_health_contact') then 'contacts'
    when activity_type = 'social_care_service' then case frequency
      when 'hour' then 'care_hours' when 'one_off' then 'items' when 'day' then 'care_days'
      else case when cost_period_days(frequency) is not null then 'weeks' else 'care_days' end end
    when activity_type = 'prescription' then 'items'
    else 'contacts'
  end as unit
from standardised
