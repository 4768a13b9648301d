// What is wrong with one CSV line of a generated feed, as quarantine reasons, judged from the bytes and the
// feed schema alone (independently of the generator's SQL). The generator never quotes, so fields split on ','.
import type { TableSpec } from '../../schemas/define.ts';
import type { QuarantineReason } from '../../schemas/tables/quarantine.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface FeedContext {
  spec: TableSpec;
  patients: ReadonlySet<string>;
  /** Ids met so far in the file (updated by lineProblems). */
  seen: Set<string>;
  /** Data after this date is in the future (the later of the period end and today). */
  futureAfter: string;
}

export function lineProblems(bytes: Buffer, ctx: FeedContext): Set<QuarantineReason> {
  const problems = new Set<QuarantineReason>();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    problems.add('bad_encoding');
    text = bytes.toString('latin1');
  }
  const fields = text.split(',');
  const names = Object.keys(ctx.spec.columns);
  if (fields.length !== names.length) {
    problems.add('malformed_line');
    return problems;
  }
  const value = Object.fromEntries(names.map((n, i) => [n, fields[i]]));
  for (const [name, c] of Object.entries(ctx.spec.columns)) {
    const v = value[name];
    if (v === '') {
      if (c.required) problems.add('missing_required');
      continue;
    }
    if (c.kind === 'code' && !new RegExp(`^(?:${c.pattern})$`).test(v)) problems.add('bad_code');
    if (c.kind === 'code_list' && !v.split(';').every((x) => new RegExp(`^(?:${c.pattern})$`).test(x))) problems.add('bad_code');
    if ((c.kind === 'date' || c.kind === 'timestamp') && v.slice(0, 10) > ctx.futureAfter) problems.add('future_date');
    const n = Number(v);
    if (c.kind === 'money' && c.min !== undefined && n < c.min) problems.add('negative_cost');
    if ((c.kind === 'money' || c.kind === 'decimal') && c.max !== undefined && n > c.max) problems.add('absurd_value');
  }
  if (ctx.spec.dateOrder) {
    const [start, end] = ctx.spec.dateOrder.map((c) => value[c]);
    if (start && end && end < start) problems.add('end_before_start');
  }
  const patient = value[ctx.spec.patientColumn ?? ''];
  if (patient && !ctx.patients.has(patient)) problems.add('unknown_patient');
  const id = value[ctx.spec.idColumn ?? ''];
  if (id && ctx.seen.has(id)) problems.add('duplicate_id');
  if (id) ctx.seen.add(id);
  return problems;
}

/** A file's data lines (header dropped) as byte buffers, without reading it as text. */
export function dataLines(file: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = file.indexOf(0x0a) + 1;
  for (let end = file.indexOf(0x0a, start); end >= 0; end = file.indexOf(0x0a, start)) {
    lines.push(file.subarray(start, end));
    start = end + 1;
  }
  return lines;
}
