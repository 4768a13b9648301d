// Fault injection. Whether a row is faulted, and how, is a hash of its line number: one fault per faulted row,
// every kind named after the quarantine reason the engine should give it. All SQL here is built from our own
// schemas and constants. Ragged lines are written by the CSV line builder (csv-line.ts); a Latin-1 byte cannot
// be held in a DuckDB string, so the line carries a private-use character that post-process.ts turns into it.
import { duckdbType, quoteIdent, type TableSpec } from '../schemas/define.ts';
import type { QuarantineReason } from '../schemas/tables/quarantine.ts';
import type { ActivityFeed } from './feeds.ts';
import { lit } from './sql-literal.ts';

/** U+E000 at the end of a CSV line becomes the Latin-1 byte 0xE9 (see post-process.ts). */
export const ENCODING_MARKER = 0xe000;

/** A short description of each fault for faults.csv's `kind` column. */
export const FAULT_KIND: Partial<Record<QuarantineReason, string>> = {
  duplicate_id: 'duplicate_row',
  missing_required: 'missing_patient_id',
  unknown_patient: 'unknown_patient_id',
  end_before_start: 'end_before_start',
  future_date: 'future_date',
  negative_cost: 'negative_cost',
  absurd_value: 'absurd_value',
  bad_code: 'malformed_code',
  malformed_line: 'ragged_line',
  bad_encoding: 'latin1_byte',
};

interface Targets {
  start: string;
  end?: string;
  negative: string;
  absurd: string;
}

/** The columns each fault kind touches, read from the feed's schema. */
function targets(spec: TableSpec): Targets {
  const cols = Object.entries(spec.columns);
  const negative = spec.costColumn ?? cols.find(([, c]) => c.kind === 'money' && c.min !== undefined)?.[0];
  const absurd = negative && spec.columns[negative].max !== undefined ? negative : cols.find(([, c]) => c.max !== undefined)?.[0];
  if (!spec.dateColumn || !negative || !absurd) throw new Error(`Feed ${spec.name} lacks a date, cost or bounded column for faults`);
  return { start: spec.dateColumn, end: spec.dateOrder?.[1], negative, absurd };
}

export function faultKinds(feed: ActivityFeed, csv: boolean): QuarantineReason[] {
  const kinds: QuarantineReason[] = ['duplicate_id', 'missing_required', 'unknown_patient', 'future_date', 'negative_cost', 'absurd_value'];
  if (feed.spec.dateOrder) kinds.push('end_before_start');
  if (feed.badCode) kinds.push('bad_code');
  if (csv) kinds.push('malformed_line', 'bad_encoding');
  return kinds;
}

/**
 * `fault_<feed>(line, first_in_block)`: the fault of a line, or null. A duplicate copies the line before it,
 * so it needs a clean line before it in the same block; otherwise the row gets a missing patient instead.
 */
export function faultMacro(feed: ActivityFeed, rate: number, csv: boolean): string {
  const name = `fault_${feed.spec.name}`;
  if (rate === 0) return `create or replace macro ${name}(line, first_in_block) as null::varchar`;
  const kinds = faultKinds(feed, csv);
  // one hash per line: u < rate marks the line, and u / rate (uniform on [0, 1)) picks the kind
  const u = (line: string) => `rnd(${line}, ${feed.feedNo}, 9001)`;
  const kind = `${lit(kinds)}[1 + floor(${u('line')} / getvariable('fault_rate') * ${kinds.length})::integer]`;
  return `create or replace macro ${name}(line, first_in_block) as case
    when ${u('line')} >= getvariable('fault_rate') then null
    when ${kind} <> 'duplicate_id' then ${kind}
    when first_in_block or ${u('line - 1')} < getvariable('fault_rate') then 'missing_required'
    else 'duplicate_id' end`;
}

/** Final projection of a feed: every canonical column cast to its schema type, faults applied. */
export function finalColumns(feed: ActivityFeed, withFaults: boolean): string[] {
  const { spec } = feed;
  const t = withFaults ? targets(spec) : undefined;
  return Object.keys(spec.columns).map((name) => {
    const expr = t ? faulted(feed, name, t) : quoteIdent(name);
    return `cast(${expr} as ${duckdbType(spec.columns[name])}) as ${quoteIdent(name)}`;
  });
}

function faulted(feed: ActivityFeed, name: string, t: Targets): string {
  const { spec, feedNo } = feed;
  const col = quoteIdent(name);
  const key = `(_line * 16 + ${feedNo})`;
  const u = (stream: number) => `rnd(_line, ${feedNo}, ${stream})`;
  const timestamp = spec.columns[t.start].kind === 'timestamp';
  const start = quoteIdent(t.start);
  const newStart = timestamp ? `(future_date(${key})::timestamp + (${start} - ${start}::date))` : `future_date(${key})`;
  const whens: string[] = [];
  if (name === spec.patientColumn) {
    whens.push(`when 'missing_required' then null`, `when 'unknown_patient' then unknown_patient(${key})`);
  }
  if (name === t.start) whens.push(`when 'future_date' then ${newStart}`);
  if (name === t.end) {
    const back = timestamp ? `${start} - to_minutes((30 + floor(${u(9011)} * 300))::bigint)` : `${start} - (1 + floor(${u(9011)} * 20))::integer`;
    const span = timestamp ? `(${col} - ${start})` : `(${col} - ${start})::integer`;
    whens.push(`when 'future_date' then ${newStart} + ${span}`, `when 'end_before_start' then ${back}`);
  }
  if (name === t.negative) whens.push(`when 'negative_cost' then money(-coalesce(${col}::double, 25 + floor(${u(9012)} * 200)))`);
  if (name === t.absurd) whens.push(`when 'absurd_value' then 9999999`);
  if (feed.badCode && name === feed.badCode.column) whens.push(`when 'bad_code' then pick(${lit(feed.badCode.values)}, ${u(9013)})`);
  return whens.length ? `case _fault ${whens.join(' ')} else ${col} end` : col;
}

/** Rows of faults.csv for one feed, from its final select (source_row is the line in the file, header excluded). */
export function manifestSelect(feed: ActivityFeed, finalSql: string): string {
  const kinds = Object.entries(FAULT_KIND).map(([reason, kind]) => `when ${lit(reason)} then ${lit(kind)}`);
  return `select ${lit(feed.spec.name)} as feed, _line::bigint as source_row, ${quoteIdent(feed.spec.idColumn!)}::varchar as source_id,
    case _fault ${kinds.join(' ')} end as kind, _fault as expected_reason
  from (${finalSql}) where _fault is not null`;
}
