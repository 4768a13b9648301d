// CSV output as one text column per row, built in SQL: DuckDB's order-preserving CSV writer formats typed
// columns on few threads, while a projection building the line runs on all of them (≈ 2× faster at 1M
// patients). Safe because no generated value holds a comma, quote or line break (checked in macros/reference.ts
// for the reference strings; ids, codes, dates and numbers never do). NULL is the empty field (concat skips it).
import { quoteIdent, type TableSpec } from '../schemas/define.ts';
import { ENCODING_MARKER } from './faults.ts';

/** A select of one column, named by the header line, holding each row's CSV line. */
export function csvLineSelect(spec: TableSpec, from: string, withFaults: boolean): string {
  const fields = Object.entries(spec.columns).map(([name, c]) => {
    const v = quoteIdent(name);
    if (c.kind === 'timestamp') return `strftime(${v}, '%Y-%m-%dT%H:%M:%S')`;
    // minutes, quantities, units: "28", not DuckDB's "28.0", when whole
    if (c.kind === 'decimal') return `if(${v} = floor(${v}), ${v}::bigint::varchar, ${v}::varchar)`;
    return v;
  });
  let line = `concat(${fields.join(`, ',', `)})`;
  if (withFaults) {
    // malformed_line: one field too many; bad_encoding: a marker post-process.ts turns into a Latin-1 byte
    line = `${line} || case _fault when 'malformed_line' then ',X' when 'bad_encoding' then chr(${ENCODING_MARKER}) else '' end`;
  }
  return `select ${line} as ${quoteIdent(Object.keys(spec.columns).join(','))} from (${from})`;
}

/** COPY options writing the line column verbatim: a tab delimiter that never occurs, and no quoting. */
export const CSV_LINE_OPTIONS = `(format csv, header true, delimiter '\\t', quote '', escape '')`;
