// Shared by the sample-data tests: generate into a temporary folder, and check rows against the feed schemas.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnSpec, TableSpec } from '../../schemas/define.ts';
import { quoteIdent } from '../../schemas/define.ts';
import { Patients } from '../../schemas/feeds/index.ts';
import { sqlString } from '../../engine/db.ts';
import { generateSampleData, type GenerateOptions, type GenerationResult } from '../../sample-data/generate.ts';

export const PERIOD = { from: '2023-04-01', to: '2025-03-31' } as const;

export async function generateTemp(options: Omit<GenerateOptions, 'out' | 'from' | 'to'>): Promise<{ dir: string; result: GenerationResult; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pathcost-sample-test-'));
  const result = await generateSampleData({ ...options, ...PERIOD, out: dir });
  return { dir, result, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every value read as text, exactly as written (no sniffing, no type guesses). */
export function readCsvText(path: string, spec: TableSpec): string {
  const columns = `{${Object.keys(spec.columns).map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${sqlString(path)}, auto_detect = false, header = true, delim = ',', quote = '"', columns = ${columns}, strict_mode = true)`;
}

const ISO_DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const ISO_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$';
const MONEY = '^-?[0-9]+\\.[0-9]{2}$';

/** [check name, SQL condition true when the text value `v` breaks the column's schema]. */
export function columnViolations(name: string, c: ColumnSpec, to: string): Array<[string, string]> {
  const v = quoteIdent(name);
  const out: Array<[string, string]> = [];
  const present = (cond: string) => `${v} is not null and (${cond})`;
  const num = c.kind === 'money' ? `${v}::decimal(18,2)` : `${v}::double`;
  if (c.required) out.push([`${name} missing`, `${v} is null`]);
  if (c.kind === 'enum') out.push([`${name} not in enum`, present(`${v} not in (${c.values!.map(sqlString).join(', ')})`)]);
  if (c.kind === 'code') out.push([`${name} bad code`, present(`not regexp_full_match(${v}, ${sqlString(c.pattern!)})`)]);
  if (c.kind === 'code_list') out.push([`${name} bad code list`, present(`not list_bool_and(list_transform(string_split(${v}, ';'), x -> regexp_full_match(x, ${sqlString(c.pattern!)})))`)]);
  if (c.kind === 'date') out.push([`${name} not ISO or after ${to}`, present(`not regexp_full_match(${v}, '${ISO_DATE}') or try_cast(${v} as date) is null or ${v}::date > ${sqlString(to)}::date or ${v}::date < date '1900-01-01'`)]);
  if (c.kind === 'timestamp') out.push([`${name} not ISO or after ${to}`, present(`not regexp_full_match(${v}, '${ISO_TIMESTAMP}') or try_cast(${v} as timestamp) is null or ${v}::timestamp >= ${sqlString(to)}::date + 1`)]);
  if (c.kind === 'integer') out.push([`${name} not an integer`, present(`try_cast(${v} as bigint) is null`)]);
  if (c.kind === 'decimal') out.push([`${name} not a number`, present(`try_cast(${v} as double) is null`)]);
  if (c.kind === 'money') out.push([`${name} not pounds and pence`, present(`not regexp_full_match(${v}, '${MONEY}')`)]);
  if (c.kind === 'boolean') out.push([`${name} not a boolean`, present(`${v} not in ('true', 'false')`)]);
  if (c.min !== undefined) out.push([`${name} below ${c.min}`, present(`try_cast(${v} as double) is not null and ${num} < ${c.min}`)]);
  if (c.max !== undefined) out.push([`${name} above ${c.max}`, present(`try_cast(${v} as double) is not null and ${num} > ${c.max}`)]);
  return out;
}

/** One row per broken check of a CSV feed (empty when the file is clean), comparing rows with the patients file. */
export function violationsSql(spec: TableSpec, file: string, patientsFile: string, to: string): string {
  const checks = Object.entries(spec.columns).flatMap(([name, c]) => columnViolations(name, c, to));
  if (spec.dateOrder) {
    const [s, e] = spec.dateOrder.map(quoteIdent);
    checks.push([`${spec.dateOrder[1]} before ${spec.dateOrder[0]}`, `${e} < ${s}`]);
  }
  if (spec.patientColumn) {
    checks.push(['unknown patient', `${quoteIdent(spec.patientColumn)} not in (select patient_id from ${readCsvText(patientsFile, Patients)})`]);
  }
  const counted = checks.map(([label, when]) => `select ${sqlString(label)} as check_name, count(*) filter (where coalesce(${when}, false)) as n from f`);
  const dup = spec.idColumn ? [`select 'duplicate ${spec.idColumn}', count(*) - count(distinct ${quoteIdent(spec.idColumn)}) from f`] : [];
  return `with f as (select * from ${readCsvText(file, spec)})
select * from (${[...counted, ...dup].join('\nunion all\n')}) where n > 0`;
}
