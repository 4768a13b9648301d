-- Provider cost ledger (the optional feed): per NHS provider and month, the patient-level costs the feeds
-- supply on clean rows (patient_attributable = true), and lines not costed to patients as shares of it
-- (overheads, uncosted block activity; ±5%). Random stream 950.
with months as (
  select strftime(m, '%Y-%m') as period
  from range(date_trunc('month', getvariable('d_from')), getvariable('d_to')::timestamp + interval 1 day, interval 1 month) t(m)
),
attributable as (
  select provider_code, period, sum(amount) as amount from ledger_costs group by all
),
grid as (
  select o.code as provider_code, o.lines, months.period, coalesce(a.amount, 0) as amount
  from (select unnest(ledger_orgs()) as o) cross join months
  left join attributable a on a.provider_code = o.code and a.period = months.period
),
lines as (
  select provider_code, period, 'patient_level_costs' as line_type, true as patient_attributable, amount from grid
  union all
  select provider_code, period, l.line, false, amount * l.share * (0.95 + 0.1 * rnd(provider_code, period || l.line, 950))
  from (select provider_code, period, amount, unnest(lines) as l from grid)
)
select provider_code, period, line_type, patient_attributable, money(amount) as amount_gbp
from lines
order by provider_code, period, line_type
