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
  /** Column holding the patient; checked against the patients feed. */
  patientColumn?: string;
  /** Columns holding money supplied on the row (counted as £ in for reconciliation). */
  costColumn?: string;
  /** Column dating the activity (for monthly partitions and coverage). */
  dateColumn?: string;
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

function tableDdl(table: string, spec: TableSpec, typeOf: (column: ColumnSpec) => string): string {
  const cols = Object.entries(spec.columns).map(([name, c]) => `  ${quoteIdent(name)} ${typeOf(c)}`);
  return `create or replace table ${table} (\n${cols.join(',\n')}\n)`;
}

/**
 * A DuckDB ENUM of an enum column's values, listed in text order so that it sorts and compares as the text does
 * (an ENUM orders by position).
 */
export function enumType(column: ColumnSpec): string {
  // the default sort compares UTF-16 code units: the byte order DuckDB sorts text in, for these ASCII values
  const values = [...column.values!].sort();
  return `ENUM(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}

/**
 * The DDL of a table whose many rows are stored once and kept (the published activity): every enum column as an
 * ENUM of its values (enumType), which costs about a fifth of the same values as VARCHAR to store.
 * `table` is the quoted, possibly database-qualified name.
 */
export function createCompactTableSql(spec: TableSpec, table: string): string {
  return tableDdl(table, spec, (c) => (c.kind === 'enum' ? enumType(c) : duckdbType(c)));
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
export function tableDoc(spec: TableSpec): string {
  const rows = Object.entries(spec.columns).map(([name, c]) => {
    const allowed = c.values ? c.values.map((v) => `\`${v}\``).join(', ') : c.pattern ? `${c.codeSystem}: \`${c.pattern}\`` : '';
    const range = [c.min !== undefined ? `≥ ${c.min}` : '', c.max !== undefined ? `≤ ${c.max}` : ''].filter(Boolean).join(', ');
    return `| \`${name}\` | ${c.kind} | ${c.required ? 'yes' : ''} | ${[allowed, range].filter(Boolean).join('; ')} | ${c.description} |`;
  });
  return [
    `### ${spec.name}`,
    '',
    spec.description,
    '',
    `Grain: ${spec.grain}.`,
    '',
    '| column | type | required | allowed | description |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
