// Turns a feed's schema into SQL: a typed expression per column and an ordered list of row checks.
// Everything here is derived from our own schemas (never from input), and identifiers are quoted.
import type { ColumnSpec, TableSpec } from '../../../schemas/define.ts';
import type { QuarantineReason } from '../../../schemas/tables/quarantine.ts';
import { sqlString } from '../../db.ts';

export interface Check {
  /** SQL condition true when the row fails. */
  when: string;
  reason: QuarantineReason;
  /** SQL string expression telling a person what is wrong. */
  detail: string;
}

// Most codes arrive clean: the cheap search skips the rewrite for them (same result, a third of the time).
const NORMALISE_CODE = (x: string) => `case when regexp_matches(${x}, '[^A-Z0-9]') then regexp_replace(upper(${x}), '[^A-Z0-9]', '', 'g') else ${x} end`;

/** Text with surrounding spaces removed, empty → NULL; trim() runs only on the rare value that needs it. */
export const trimmedText = (x: string) => `case when starts_with(${x}, ' ') or ends_with(${x}, ' ') then nullif(trim(${x}), '') else nullif(${x}, '') end`;

/** The typed (and, for codes, normalised) value of a column, from its trimmed text `raw`. */
export function typedExpr(column: ColumnSpec, raw: string, dateFormat?: string): string {
  switch (column.kind) {
    case 'code':
      return NORMALISE_CODE(raw);
    case 'code_list':
      return `list_filter(list_transform(string_split(${raw}, ';'), x -> ${NORMALISE_CODE('x')}), x -> x <> '')`;
    case 'date':
      return dateFormat ? `try_strptime(${raw}, ${sqlString(dateFormat)})::date` : `try_cast(${raw} as date)`;
    case 'timestamp':
      return `try_cast(${raw} as timestamp)`;
    case 'integer':
      return `try_cast(${raw} as bigint)`;
    case 'decimal':
      return `try_cast(${raw} as double)`;
    case 'money':
      return `try_cast(${raw} as decimal(18,2))`;
    case 'boolean':
      return `try_cast(${raw} as boolean)`;
    default:
      return raw;
  }
}

const TYPE_WORDS: Partial<Record<ColumnSpec['kind'], string>> = {
  date: 'a date (YYYY-MM-DD)',
  timestamp: 'a timestamp (YYYY-MM-DDTHH:MM:SS)',
  integer: 'a whole number',
  decimal: 'a number',
  money: 'an amount in pounds (e.g. 123.45)',
  boolean: 'true or false',
};

const quoted = (raw: string) => `'"' || ${raw} || '"'`;

/** Checks of one column, in the order they are reported. `raw` is trimmed text, `typed` its typed value. */
export function columnChecks(name: string, column: ColumnSpec, raw: string, typed: string): Check[] {
  const checks: Check[] = [];
  const label = sqlString(`${name} `);
  if (column.required) {
    checks.push({ when: `${raw} is null`, reason: 'missing_required', detail: sqlString(`${name} is empty but required: supply it or drop the row at source`) });
  }
  const typeWord = TYPE_WORDS[column.kind];
  if (typeWord) {
    checks.push({ when: `${raw} is not null and ${typed} is null`, reason: 'bad_type', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not ${typeWord}`)}` });
  }
  if (column.kind === 'enum') {
    const values = column.values!.map(sqlString).join(', ');
    // list_contains, not IN: a long IN list plans as a join, and a join lets rows leave read order (their line).
    checks.push({ when: `${raw} is not null and not list_contains([${values}], ${raw})`, reason: 'bad_value', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not one of ${column.values!.join(', ')} (recode it in the mapping file)`)}` });
  }
  // A code that normalises to nothing ("-", ".") is not a code: quarantined, never passed on as ''.
  if (column.kind === 'code') {
    checks.push({ when: `${raw} is not null and not regexp_full_match(${typed}, ${sqlString(column.pattern!)})`, reason: 'bad_code', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not a valid ${column.codeSystem}${/ code$/.test(column.codeSystem!) ? '' : ' code'}`)}` });
  }
  if (column.kind === 'code_list') {
    checks.push({ when: `${raw} is not null and (len(${typed}) = 0 or not list_bool_and(list_transform(${typed}, x -> regexp_full_match(x, ${sqlString(column.pattern!)}))))`, reason: 'bad_code', detail: `${label} || ${quoted(raw)} || ${sqlString(` holds a code that is not valid ${column.codeSystem}`)}` });
  }
  if (column.kind === 'money' && column.min !== undefined) {
    checks.push({ when: `${typed} < ${column.min}`, reason: 'negative_cost', detail: `${label} || ${quoted(raw)} || ' is negative: costs must be ≥ 0 (credits belong in the cost ledger)'` });
  }
  if (column.kind !== 'money' && column.min !== undefined) {
    checks.push({ when: `${typed} < ${column.min}`, reason: 'absurd_value', detail: `${label} || ${quoted(raw)} || ${sqlString(` is below the plausible minimum ${column.min}`)}` });
  }
  if (column.max !== undefined && column.kind !== 'enum') {
    checks.push({ when: `${typed} > ${column.max}`, reason: 'absurd_value', detail: `${label} || ${quoted(raw)} || ${sqlString(` is above the plausible maximum ${column.max}: check the units or the value`)}` });
  }
  if (column.kind === 'date') {
    checks.push({ when: `${typed} > $as_of::date`, reason: 'future_date', detail: `${label} || ${quoted(raw)} || ' is after the run date ' || $as_of::varchar` });
    checks.push({ when: `${typed} < date '1900-01-01'`, reason: 'bad_value', detail: `${label} || ${quoted(raw)} || ' is before 1900'` });
  }
  if (column.kind === 'timestamp') {
    checks.push({ when: `${typed}::date > $as_of::date`, reason: 'future_date', detail: `${label} || ${quoted(raw)} || ' is after the run date ' || $as_of::varchar` });
  }
  return checks;
}

/** Row-level checks that compare columns. */
export function rowChecks(spec: TableSpec, typed: (c: string) => string): Check[] {
  const checks: Check[] = [];
  if (spec.dateOrder) {
    const [start, end] = spec.dateOrder;
    checks.push({
      when: `${typed(end)} < ${typed(start)}`,
      reason: 'end_before_start',
      detail: `${sqlString(`${end} `)} || ${typed(end)}::varchar || ${sqlString(` is before ${start} `)} || ${typed(start)}::varchar`,
    });
  }
  return checks;
}

/** Detail for a row whose patient is not a clean patients row (checked last, by a later statement). */
export function unknownPatientDetail(patientColumn: string, value: string): string {
  return `${sqlString(`${patientColumn} `)} || ${quoted(value)} || ' is not in the patients feed (or its patients row was quarantined)'`;
}

export function caseExpr(checks: Check[], pick: 'reason' | 'detail'): string {
  if (checks.length === 0) return 'null::varchar';
  return `case ${checks.map((c) => `when ${c.when} then ${pick === 'reason' ? sqlString(c.reason) : c.detail}`).join('\n  ')} end`;
}
