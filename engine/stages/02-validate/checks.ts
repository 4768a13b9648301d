// Turns a feed's schema into SQL: a typed expression per column and an ordered list of row checks.
// Everything here is derived from our own schemas (never from input), and identifiers are quoted.
import { CODE, ICB_TOTAL } from '../../../schemas/codes.ts';
import { type ColumnSpec, type TableSpec, enumType } from '../../../schemas/define.ts';
import type { QuarantineReason } from '../../../schemas/tables/quarantine.ts';
import { costPeriodDaysSql } from '../../cost-periods.ts';
import { sqlString } from '../../db.ts';

export interface Check {
  /** SQL condition true when the row fails. */
  when: string;
  reason: QuarantineReason;
  /** SQL string expression telling a person what is wrong. */
  detail: string;
}

/**
 * Text with surrounding spaces removed, empty → NULL; trim() runs only on the rare value holding a space (one
 * search for a space anywhere is cheaper than testing both ends).
 */
export const trimmedText = (x: string) => `case when contains(${x}, ' ') then nullif(trim(${x}), '') else nullif(${x}, '') end`;

const NON_CODE_CHARS = `'[^A-Z0-9]'`;
/** A code as written (upper case, punctuation and spaces removed), '' when nothing is left. */
const normalisedCode = (x: string) => `regexp_replace(upper(${x}), ${NON_CODE_CHARS}, '', 'g')`;
/** The same, skipping the rewrite for a code that is already clean. */
const normalisedListCode = (x: string) => `case when regexp_matches(${x}, ${NON_CODE_CHARS}) then ${normalisedCode(x)} else ${x} end`;

/**
 * The SQL of one column at each step of the validating pass. Most values arrive clean, so the pass is shaped
 * for them: a cast already ignores surrounding spaces and a code's normalisation removes them, so only text,
 * enum and boolean values are trimmed; a clean code list costs one regular expression, not one per code.
 */
export interface ColumnSql {
  /** The value as read, empty → NULL (trimmed for the kinds whose comparison needs it). */
  raw: string;
  /** Code kinds: true when the raw value is already a clean, valid code (list); only then is it used as is. */
  clean?: string;
  /** The typed (and, for codes, normalised) value. */
  typed: string;
  /** True when the value is missing: NULL, or only spaces. */
  blank: string;
}

const TRIMMED_KINDS: ReadonlySet<ColumnSpec['kind']> = new Set(['string', 'enum', 'boolean', 'list']);

/** The raw-value expression of a column read as text `x`. */
function rawExpr(column: ColumnSpec, x: string): string {
  return TRIMMED_KINDS.has(column.kind) ? trimmedText(x) : `nullif(${x}, '')`;
}

/** Code kinds: the one regular expression a clean value is checked with (RE2 needs the groups for alternation). */
function cleanExpr(column: ColumnSpec, raw: string): string | undefined {
  if (column.kind === 'code') return `regexp_full_match(${raw}, ${sqlString(column.pattern!)})`;
  if (column.kind === 'code_list') return `regexp_full_match(${raw}, ${sqlString(`(?:${column.pattern})(?:;(?:${column.pattern}))*`)})`;
  return undefined;
}

/**
 * A cast of the value as read; only if that fails and the value holds a space, the cast of the trimmed value
 * (trim() also removes other white space, such as a no-break space next to the ASCII one the cast ignores).
 */
const orTrimmed = (raw: string, cast: (x: string) => string) => `coalesce(${cast(raw)}, case when contains(${raw}, ' ') then ${cast(`trim(${raw})`)} end)`;

/**
 * DuckDB's cast reads digit separators ('1_000' is 1000), which no extract means: a number written so is not
 * typed, so the row is quarantined as any other unreadable number.
 */
const plainNumber = (raw: string, typed: string) => `case when contains(${raw}, '_') then null else ${typed} end`;

/**
 * Money as a spreadsheet writes it (`£4,043.86`, `-£12.50`, `4,043.86`): a pound sign and commas between groups of
 * three digits, nothing else, read only where the plain cast failed. An export saved from Excel had set three
 * quarters of a feed's rows aside as bad_type.
 */
const MONEY_AS_WRITTEN = sqlString('^-?£?-?([1-9][0-9]{0,2}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?$');
const moneyAsWritten = (raw: string) =>
  `case when regexp_full_match(trim(${raw}), ${MONEY_AS_WRITTEN}) then try_cast(replace(replace(trim(${raw}), '£', ''), ',', '') as decimal(18,2)) end`;

/** The typed value of a column from its raw value (and, for codes, whether that is already clean). */
function typedExpr(column: ColumnSpec, raw: string, clean: string | undefined, dateFormat?: string): string {
  switch (column.kind) {
    case 'code':
      return `case when ${clean} then ${raw} else nullif(${normalisedCode(raw)}, '') end`;
    case 'code_list':
      // A list that is not clean may be separated as national extracts are (`Der_Diagnosis_All`: `||E119 ,J849`):
      // commas, bars and spaces separate codes as `;` does (no code of these systems holds one). Normalising strips punctuation, so left inside a code they
      // had joined two SNOMED CT ids into one valid-looking 17-digit id.
      return `case when ${raw} is null then null when ${clean} then string_split(${raw}, ';') when trim(${raw}, ' ') = '' then null
        else list_filter(list_transform(regexp_split_to_array(${raw}, '[;,|[:space:]]'), x -> ${normalisedListCode('x')}), x -> x <> '') end`;
    case 'date':
      return orTrimmed(raw, (x) => (dateFormat ? `try_strptime(${x}, ${sqlString(dateFormat)})::date` : `try_cast(${x} as date)`));
    case 'timestamp':
      return orTrimmed(raw, (x) => `try_cast(${x} as timestamp)`);
    case 'integer':
      return plainNumber(raw, orTrimmed(raw, (x) => `try_cast(${x} as bigint)`));
    case 'decimal':
      return plainNumber(raw, orTrimmed(raw, (x) => `try_cast(${x} as double)`));
    case 'money':
      return `coalesce(${plainNumber(raw, orTrimmed(raw, (x) => `try_cast(${x} as decimal(18,2))`))}, ${moneyAsWritten(raw)})`;
    case 'boolean':
      return `try_cast(${raw} as boolean)`;
    case 'enum':
      // A DuckDB ENUM: a value outside the list casts to NULL, which is the check (cheaper than a list lookup),
      // and Parquet writes it straight from the enum's own dictionary. It reads back as text. Case carries no
      // meaning in these vocabularies (extracts say "GP", "Attended"): a value is cased down only when it fails.
      return `coalesce(try_cast(${raw} as ${enumType(column)}), try_cast(lower(${raw}) as ${enumType(column)}))`;
    default:
      return raw;
  }
}

/**
 * Missing: NULL, or (for untrimmed kinds) only spaces — tested only on values that failed to type. Only ASCII
 * spaces count, as for the trimmed kinds: a lone no-break space is a value (and a bad one), not a blank.
 */
function blankExpr(column: ColumnSpec, sql: Omit<ColumnSql, 'blank'>): string {
  if (TRIMMED_KINDS.has(column.kind)) return `${sql.raw} is null`;
  const failed = sql.clean !== undefined ? `not ${sql.clean}` : `${sql.typed} is null`;
  return `(${sql.raw} is null or (${failed} and trim(${sql.raw}, ' ') = ''))`;
}

/** How the validating pass computes one column: each step's expression, and the SQL its checks read. */
export interface ColumnPass {
  /** The raw value, from the column as read (under the same name). */
  rawExpr: string;
  /** Code kinds: the clean test, from the raw value. */
  cleanExpr?: string;
  /** The typed value, from the raw value and the clean test. */
  typedExpr: string;
  /** The step columns by name, for the checks. */
  sql: ColumnSql;
}

/**
 * One column's pass, given the names the validating select gives its raw, clean and typed columns. `native`:
 * the file gives the value already typed (a Parquet DATE, DECIMAL…), so it is its own raw and typed value and
 * never blank text.
 */
export function columnPass(column: ColumnSpec, names: { raw: string; clean: string; typed: string }, options: { native: boolean; dateFormat?: string }): ColumnPass {
  if (options.native) return { rawExpr: names.raw, typedExpr: names.raw, sql: { raw: names.raw, typed: names.typed, blank: `${names.raw} is null` } };
  const cleanTest = cleanExpr(column, names.raw);
  const clean = cleanTest === undefined ? undefined : names.clean;
  const sql = { raw: names.raw, clean, typed: names.typed };
  return {
    rawExpr: rawExpr(column, names.raw),
    cleanExpr: cleanTest,
    typedExpr: typedExpr(column, names.raw, clean, options.dateFormat),
    sql: { ...sql, blank: blankExpr(column, sql) },
  };
}

/**
 * A column's stored value computed straight from the file's own value `src`, with no check: right for every row
 * the validating pass found clean as read (`storedAsRead`), so such rows need not be stored.
 */
export function asReadExpr(column: ColumnSpec, src: string, options: { native: boolean; dateFormat?: string }): string {
  if (options.native) return src;
  switch (column.kind) {
    case 'code_list':
      return `string_split(${src}, ';')`;
    case 'date':
      return options.dateFormat ? `try_strptime(${src}, ${sqlString(options.dateFormat)})::date` : `try_cast(${src} as date)`;
    case 'timestamp':
      return `try_cast(${src} as timestamp)`;
    case 'integer':
      return `try_cast(${src} as bigint)`;
    case 'decimal':
      return `try_cast(${src} as double)`;
    case 'money':
      return `try_cast(${src} as decimal(18,2))`;
    case 'boolean':
      return `try_cast(${src} as boolean)`;
    default:
      return src; // text, codes and enums (an enum column reads back from Parquet as text)
  }
}

/**
 * True when `asReadExpr` gives the column's stored (typed) value. A code is stored as read exactly when it is
 * clean as read (or absent); other kinds compare the two values.
 */
export function storedAsRead(column: ColumnSpec, src: string, pass: ColumnSql, options: { native: boolean; dateFormat?: string }): string {
  if (options.native) return 'true';
  if (pass.clean !== undefined) return `(${src} is null or coalesce(${pass.clean}, false))`;
  const typed = column.kind === 'enum' ? `${pass.typed}::varchar` : pass.typed;
  return `(${asReadExpr(column, src, options)} is not distinct from ${typed})`;
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

/** The first day of the NHS (5 July 1948): an activity dated before it is a wrong date, whatever the feed. */
const NHS_FIRST_DAY = '1948-07-05';

/**
 * Checks of one column, in the order they are reported, over the pass's columns for it. `activityDate`: the column
 * dating the row's activity (the feed's dateColumn), held to the NHS's first day.
 */
export function columnChecks(name: string, column: ColumnSpec, { raw, clean, typed, blank }: ColumnSql, { activityDate = false } = {}): Check[] {
  const checks: Check[] = [];
  const label = sqlString(`${name} `);
  const present = `not ${blank}`;
  if (column.required) {
    checks.push({ when: blank, reason: 'missing_required', detail: sqlString(`${name} is empty but required: supply it or drop the row at source`) });
  }
  const typeWord = TYPE_WORDS[column.kind];
  if (column.kind === 'money') {
    // A number too large for DECIMAL(18,2) fails its cast like text does, but it is an amount: say so.
    checks.push({
      when: `${typed} is null and ${present} and not contains(${raw}::varchar, '_') and isfinite(try_cast(trim(${raw}::varchar) as double))`,
      reason: 'absurd_value',
      detail: `${label} || ${quoted(raw)} || ' is beyond the largest amount pathcost holds (£9,999,999,999,999,999.99): check the units or the value'`,
    });
  }
  if (typeWord) {
    checks.push({ when: `${typed} is null and ${present}`, reason: 'bad_type', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not ${typeWord}`)}` });
  }
  if (column.kind === 'enum') {
    checks.push({ when: `${raw} is not null and ${typed} is null`, reason: 'bad_value', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not one of ${column.values!.join(', ')} (recode it in the mapping file)`)}` });
  }
  // A code that normalises to nothing ("-", ".") is not a code: quarantined, never passed on as ''.
  if (column.kind === 'code') {
    checks.push({ when: `not ${clean} and ${present} and (${typed} is null or not regexp_full_match(${typed}, ${sqlString(column.pattern!)}))`, reason: 'bad_code', detail: `${label} || ${quoted(raw)} || ${sqlString(` is not a valid ${column.codeSystem}${/ code$/.test(column.codeSystem!) ? '' : ' code'}`)}` });
  }
  if (column.kind === 'code' && column.codeSystem === CODE.ods.system) {
    // a valid pattern, so checked on clean values too
    checks.push({ when: `${typed} = ${sqlString(ICB_TOTAL)}`, reason: 'bad_code', detail: `${label} || ${quoted(raw)} || ${sqlString(' is the code pathcost gives the ICB\'s total row: give the organisation\'s own ODS code (a mapping file can recode it)')}` });
  }
  if (column.kind === 'code_list') {
    checks.push({ when: `not ${clean} and ${present} and (len(${typed}) = 0 or not list_bool_and(list_transform(${typed}, x -> regexp_full_match(x, ${sqlString(column.pattern!)}))))`, reason: 'bad_code', detail: `${label} || ${quoted(raw)} || ${sqlString(` holds a code that is not valid ${column.codeSystem}`)}` });
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
  if (activityDate && (column.kind === 'date' || column.kind === 'timestamp')) {
    checks.push({
      when: `${typed}::date < date '${NHS_FIRST_DAY}' and ${typed}::date >= date '1900-01-01'`,
      reason: 'bad_value',
      detail: `${label} || ${quoted(raw)} || ' is before the NHS began (5 July 1948): check the date'`,
    });
  }
  if (column.kind === 'timestamp') {
    checks.push({ when: `${typed}::date > $as_of::date`, reason: 'future_date', detail: `${label} || ${quoted(raw)} || ' is after the run date ' || $as_of::varchar` });
  }
  return checks;
}

/**
 * Row-level checks that compare columns. `asOf`: the run date an open end runs to (a bound parameter in the
 * validating pass; null where none is bound, which leaves an open end unchecked).
 */
export function rowChecks(spec: TableSpec, typed: (c: string) => string, asOf = '$as_of::date'): Check[] {
  const checks: Check[] = [];
  if (spec.dateOrder) {
    const [start, end] = spec.dateOrder;
    checks.push({
      when: `${typed(end)} < ${typed(start)}`,
      reason: 'end_before_start',
      detail: `${sqlString(`${end} `)} || ${typed(end)}::varchar || ${sqlString(` is before ${start} `)} || ${typed(start)}::varchar`,
    });
  }
  if (spec.dateOrder && spec.longestSpanDays !== undefined) {
    const [start, end] = spec.dateOrder;
    const span = `(coalesce(${typed(end)}, ${asOf}) - ${typed(start)})`;
    const years = Math.round(spec.longestSpanDays / 365.25);
    checks.push({
      when: `${span} > ${spec.longestSpanDays}`,
      reason: 'absurd_value',
      detail: `${sqlString(`${start} `)} || ${typed(start)}::varchar || ${sqlString(` to ${end} `)} || coalesce(${typed(end)}::varchar, 'none, to the run date ' || (${asOf})::varchar) || ' is ' || format('{:,}', ${span}) || ${sqlString(` days, above the plausible ${spec.longestSpanDays.toLocaleString('en-GB')} (${years} years): check ${start}`)}`,
    });
  }
  if (spec.weeklyRate) {
    const { unitCost, frequency, unitsPerWeek, max } = spec.weeklyRate;
    const [cost, units] = [typed(unitCost), typed(unitsPerWeek)];
    const week = `case ${typed(frequency)} when 'hour' then ${cost} * ${units} when 'day' then ${cost} * least(coalesce(${units}, 7), 7)
      else ${cost} * 7 / ${costPeriodDaysSql(typed(frequency))} end`;
    checks.push({
      when: `${week} > ${max}`,
      reason: 'absurd_value',
      detail: `'a week of this service costs £' || format('{:,.2f}', (${week})::double) || ' (' || ${sqlString(`${unitCost} `)} || ${cost}::varchar || ' per ' || ${typed(frequency)} || coalesce(', ' || format('{:g}', ${units}::double) || ' a week', '') || ${sqlString(`), above the plausible £${max.toLocaleString('en-GB')}: check the unit cost and its frequency`)}`,
    });
  }
  return checks;
}

/** Checks that flag a value yet keep it typed (a cast failure leaves the stored value null instead). */
const KEPT_VALUE_REASONS = new Set(['negative_cost', 'absurd_value', 'bad_value', 'end_before_start']);

/**
 * True when none of `columns` (stored, typed values read as `typed(c)`) is a value the checks flag but keep: out
 * of range, before 1900, or an end before its start. What prices a quarantined row must pass this.
 */
export function keptValuesInRange(spec: TableSpec, columns: string[], typed: (c: string) => string): string {
  const byColumn = columns.flatMap((c) => columnChecks(c, spec.columns[c], { raw: typed(c), typed: typed(c), blank: `${typed(c)} is null` }, { activityDate: c === spec.dateColumn }));
  const order = spec.dateOrder && spec.dateOrder.every((c) => columns.includes(c)) ? rowChecks(spec, typed, 'null::date') : [];
  const flagged = [...byColumn, ...order].filter((c) => KEPT_VALUE_REASONS.has(c.reason)).map((c) => `(${c.when})`);
  return flagged.length ? `not coalesce(${flagged.join(' or ')}, false)` : 'true';
}

/** Detail for a row whose patient is not a clean patients row (checked last, by a later statement). */
export function unknownPatientDetail(patientColumn: string, value: string): string {
  return `${sqlString(`${patientColumn} `)} || ${quoted(value)} || ' is not in the patients feed (or its patients row was quarantined)'`;
}

export function caseExpr(checks: Check[], pick: 'reason' | 'detail'): string {
  if (checks.length === 0) return 'null::varchar';
  return `case ${checks.map((c) => `when ${c.when} then ${pick === 'reason' ? sqlString(c.reason) : c.detail}`).join('\n  ')} end`;
}
