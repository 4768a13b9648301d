// One source of truth per table shape. A TableSpec lists its columns once; zod schemas, TypeScript types,
// DuckDB DDL, bulk-validation rules and the reference docs are all derived from it.
import { z } from 'zod';

export type ColumnKind =
  | 'string' // free text or an identifier
  | 'code' // a coded value checked against a pattern (ICD-10, OPCS-4, HRG, SNOMED CT…)
  | 'code_list' // `;`-separated codes, primary first
  | 'enum' // one of a fixed set of values
  | 'date' // ISO YYYY-MM-DD
  | 'timestamp' // ISO timestamp
  | 'integer'
  | 'decimal' // a number, e.g. minutes or units
  | 'money' // GBP as a decimal
  | 'boolean'
  | 'list'; // a DuckDB VARCHAR[] (output tables only)

export interface ColumnSpec {
  kind: ColumnKind;
  description: string;
  required: boolean;
  values?: readonly string[];
  /** Regular expression (DuckDB RE2 and JS compatible) each code must match in full. */
  pattern?: string;
  /** Human name of the code system, for messages. */
  codeSystem?: string;
  /** Values above this are quarantined as absurd (money, minutes). */
  max?: number;
  min?: number;
}

export interface TableSpec<C extends Record<string, ColumnSpec> = Record<string, ColumnSpec>> {
  name: string;
  description: string;
  grain: string;
  /** Column holding the row's source identifier (feeds) — duplicates are quarantined. */
  idColumn?: string;
  /** A start/end column pair that must be in order (end on or after start). */
  dateOrder?: readonly [string, string];
  /**
   * The longest plausible span of `dateOrder`, in days (an open end runs to the run date): a longer one is an absurd
   * value, almost always a mistyped start, whose window would take in decades of the patient's care.
   */
  longestSpanDays?: number;
  /**
   * Optional columns whose failing value is cleared (made unknown) while the row is kept, each listed as a cleared
   * value: for a row others depend on, such as a patient, whose activity a wrong registration date must not set aside.
   */
  clearedOnFault?: readonly string[];
  /**
   * A unit cost whose week must stay plausible: unit cost × units a week (hours as planned, days as planned up to 7,
   * a week as one) above `max` is an absurd value, though each value is within its own range.
   */
  weeklyRate?: { unitCost: string; frequency: string; unitsPerWeek: string; max: number };
  /** Column holding the patient; checked against the patients feed. */
  patientColumn?: string;
  /** Columns holding money supplied on the row (counted as £ in for reconciliation). */
  costColumn?: string;
  /** Column dating the activity (for monthly partitions and coverage). */
  dateColumn?: string;
  /** Column holding the row's month as YYYY-MM text, for a feed with no date column (the cost ledger's period). */
  monthColumn?: string;
  /** Column naming the provider (trust, practice or local authority). */
  providerColumn?: string;
  columns: C;
}

type Opts = Partial<Omit<ColumnSpec, 'kind' | 'description'>>;
const make =
  (kind: ColumnKind) =>
  (description: string, opts: Opts = {}): ColumnSpec => ({ kind, description, required: false, ...opts });

export const col = {
  string: make('string'),
  code: (description: string, codeSystem: string, pattern: string, opts: Opts = {}) =>
    make('code')(description, { codeSystem, pattern, ...opts }),
  codeList: (description: string, codeSystem: string, pattern: string, opts: Opts = {}) =>
    make('code_list')(description, { codeSystem, pattern, ...opts }),
  enum: (description: string, values: readonly string[], opts: Opts = {}) =>
    make('enum')(description, { values, ...opts }),
  date: make('date'),
  timestamp: make('timestamp'),
  integer: make('integer'),
  decimal: make('decimal'),
  money: make('money'),
  boolean: make('boolean'),
  list: make('list'),
};

export const required = { required: true } as const;

export function defineTable<C extends Record<string, ColumnSpec>>(spec: TableSpec<C>): TableSpec<C> {
  return spec;
}

const DUCKDB_TYPES: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  code: 'VARCHAR',
  code_list: 'VARCHAR',
  enum: 'VARCHAR',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  integer: 'BIGINT',
  decimal: 'DOUBLE',
  money: 'DECIMAL(18,2)',
  boolean: 'BOOLEAN',
  list: 'VARCHAR[]',
};

export function duckdbType(column: ColumnSpec): string {
  return DUCKDB_TYPES[column.kind];
}

/** A name as a quoted SQL identifier: the only identifier helper (engine/db.ts re-exports it). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `CREATE TABLE` statement for a spec; identifiers come from our own schemas, quoted all the same. */
export function createTableSql(spec: TableSpec, tableName = spec.name): string {
  return tableDdl(quoteIdent(tableName), spec, duckdbType);
}

function tableDdl(table: string, spec: TableSpec, typeOf: (column: ColumnSpec, name: string) => string): string {
  const cols = Object.entries(spec.columns).map(([name, c]) => `  ${quoteIdent(name)} ${typeOf(c, name)}`);
  return `create or replace table ${table} (\n${cols.join(',\n')}\n)`;
}

/**
 * A DuckDB ENUM of an enum column's values, listed in text order so that it sorts and compares as the text does
 * (an ENUM orders by position).
 */
export function enumType(column: ColumnSpec): string {
  return enumOf(column.values!);
}

/** A DuckDB ENUM of `values` in text order (see enumType). */
export function enumOf(values: readonly string[]): string {
  // the default sort compares UTF-16 code units: the byte order DuckDB sorts text in, for these ASCII values
  const sorted = [...new Set(values)].sort();
  return `ENUM(${sorted.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}

/**
 * The DDL of a table of many rows (the published activity, the attribution rows): every enum column as an ENUM
 * of its values (enumType), which costs about a fifth of the same values as VARCHAR to store, and each text
 * column named in `vocabularies` as an ENUM of the values given there (e.g. the build's pathway ids). A value
 * outside its vocabulary fails the insert. `table` is the quoted, possibly database-qualified name.
 */
export function createCompactTableSql(spec: TableSpec, table: string, vocabularies: Record<string, readonly string[]> = {}): string {
  return tableDdl(table, spec, (c, name) => {
    if (c.kind === 'enum') return enumType(c);
    const values = vocabularies[name];
    if (values === undefined) return duckdbType(c);
    if (c.kind !== 'string') throw new Error(`Column ${spec.name}.${name} is ${c.kind}: only text columns take a vocabulary.`);
    // an empty vocabulary (no pathway has a step) leaves a column only empty values can fill: text is as good
    return values.length === 0 ? duckdbType(c) : enumOf(values);
  });
}

function zodFor(column: ColumnSpec): z.ZodType {
  const base = ((): z.ZodType => {
    switch (column.kind) {
      case 'enum':
        return z.enum(column.values as [string, ...string[]]);
      case 'date':
        return z.iso.date();
      case 'integer':
        return z.number().int();
      case 'decimal':
      case 'money':
        return z.number();
      case 'boolean':
        return z.boolean();
      case 'list':
        return z.array(z.string());
      case 'code':
        return z.string().regex(new RegExp(`^(?:${column.pattern})$`));
      default:
        return z.string();
    }
  })().describe(column.description);
  return column.required ? base : base.nullable();
}

/** zod object for one row of a table (used for small files and API responses, never bulk data). */
export function zodRow(spec: TableSpec): z.ZodObject {
  return z
    .object(Object.fromEntries(Object.entries(spec.columns).map(([k, c]) => [k, zodFor(c)])))
    .describe(spec.description);
}

/** A Markdown section describing the table, for the generated reference pages. */
/** The checks that compare a row's columns, in words (a row failing one is set aside, or its values cleared where the feed says so). */
function rowRules(spec: TableSpec): string[] {
  const rules: string[] = [];
  if (spec.dateOrder) {
    const [start, end] = spec.dateOrder;
    const longest = spec.longestSpanDays === undefined ? '' : `, and at most ${spec.longestSpanDays.toLocaleString('en-GB')} days after it (an empty \`${end}\` counts to the run date)`;
    rules.push(`Row check: \`${end}\` on or after \`${start}\`${longest}.`);
  }
  if (spec.weeklyRate) {
    const { unitCost, unitsPerWeek, max } = spec.weeklyRate;
    rules.push(`Row check: a week of the service (\`${unitCost}\` × \`${unitsPerWeek}\` for hours, × days up to 7, or per week) at most £${max.toLocaleString('en-GB')}.`);
  }
  return rules;
}

export function tableDoc(spec: TableSpec): string {
  const rows = Object.entries(spec.columns).map(([name, c]) => {
    const allowed = c.values ? c.values.map((v) => `\`${v}\``).join(', ') : c.pattern ? `${c.codeSystem}: \`${c.pattern}\`` : '';
    const range = [c.min !== undefined ? `≥ ${c.min}` : '', c.max !== undefined ? `≤ ${c.max}` : ''].filter(Boolean).join(', ');
    // a | inside a cell, even in code, ends the cell in GitHub's tables (a pattern such as 1[1-3]|2[1-8A-D])
    const cells = [`\`${name}\``, c.kind, c.required ? 'yes' : '', [allowed, range].filter(Boolean).join('; '), c.description].map((cell) => cell.replaceAll('|', '\\|'));
    return `| ${cells.join(' | ')} |`;
  });
  return [
    `### ${spec.name}`,
    '',
    spec.description,
    '',
    `Grain: ${spec.grain}.`,
    '',
    ...rowRules(spec).map((rule) => `${rule}\n`),
    '| column | type | required | allowed | description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
