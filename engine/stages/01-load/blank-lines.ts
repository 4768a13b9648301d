// Blank lines of a CSV file. DuckDB's reader skips them without a row (and without a reject), yet counts them in
// the line numbers of the lines it rejects; stage 2 needs them to give every row its true line. One sequential
// read of the file, searched natively for an empty line (≈ 2.5 GB/s); lines are counted only in the rare file
// that has one. Counted as the reader counts them: a record whose quoted value holds line breaks is one line, and
// an empty line inside a quoted value is not blank.
import { open } from 'node:fs/promises';
import { PathcostError } from '../../errors.ts';

const CHUNK = 8 << 20;
/** More blank lines than this is not an export with a stray blank line but a double-spaced file. */
const MAX_BLANK_LINES = 100_000;
const EMPTY_LF = Buffer.from('\n\n');
const EMPTY_CRLF = Buffer.from('\n\r\n');
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Data lines (1-based, header excluded, records as the reader counts them) that are empty, in LF or CRLF files. */
export async function findBlankLines(path: string, feed: string, delimiter = ','): Promise<number[]> {
  if (!(await hasBlankLine(path))) return [];
  const counter = new RecordCounter(delimiter.charCodeAt(0));
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + 2);
    let kept = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, CHUNK, position);
      position += bytesRead;
      const data = buffer.subarray(0, kept + bytesRead);
      // The last two bytes wait for the next chunk, to see what follows a newline or a quote.
      const limit = bytesRead === 0 ? data.length : Math.max(0, data.length - 2);
      const scanned = counter.scan(data, limit);
      if (counter.blank.length > MAX_BLANK_LINES) {
        throw new PathcostError('BAD_FILE', `More than ${MAX_BLANK_LINES} blank lines: the file seems double-spaced.`, `Remove the blank lines (e.g. grep -v '^\\s*$' on the file) and load it again.`, { feed, file: path });
      }
      if (bytesRead === 0) return counter.blank;
      kept = data.length - scanned;
      data.copy(buffer, 0, scanned);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Walks newlines and quotes (RFC 4180, as the reader parses them): a quote opens a quoted value only at the start
 * of a field, a doubled quote inside one is a quote, and a newline ends a record only outside quotes.
 */
class RecordCounter {
  readonly blank: number[] = [];
  private line = 1; // the record the next newline outside quotes ends (1 = the header)
  private quoted = false;
  private previous = LF; // the byte before the next one scanned

  constructor(private readonly delimiter: number) {}

  /**
   * Scans data from 0 up to limit (a doubled quote may take it one byte further); data holds at least two bytes
   * past limit unless the file ends there. Returns where the next scan starts.
   */
  scan(data: Buffer, limit: number): number {
    let i = 0;
    let nextQuote = -2;
    let nextNewline = -2;
    while (i < limit) {
      if (nextQuote < i && nextQuote !== -1) nextQuote = data.indexOf(QUOTE, i);
      const quoteAt = nextQuote === -1 || nextQuote >= limit ? Infinity : nextQuote;
      if (this.quoted) {
        if (quoteAt === Infinity) break;
        if (data[quoteAt + 1] === QUOTE) i = quoteAt + 2; // a doubled quote: still quoted
        else ((this.quoted = false), (i = quoteAt + 1));
        continue;
      }
      if (nextNewline < i && nextNewline !== -1) nextNewline = data.indexOf(LF, i);
      const newlineAt = nextNewline === -1 || nextNewline >= limit ? Infinity : nextNewline;
      if (newlineAt === Infinity && quoteAt === Infinity) break;
      if (newlineAt < quoteAt) {
        if (data[newlineAt + 1] === LF || (data[newlineAt + 1] === CR && data[newlineAt + 2] === LF)) this.blank.push(this.line); // the next record is empty
        this.line++;
        i = newlineAt + 1;
      } else {
        const before = quoteAt > 0 ? data[quoteAt - 1] : this.previous;
        if (before === this.delimiter || before === LF) this.quoted = true; // else a quote inside an unquoted value
        i = quoteAt + 1;
      }
    }
    const scanned = Math.max(i, limit);
    if (scanned > 0) this.previous = data[scanned - 1];
    return scanned;
  }
}

/** Native search for an empty line (LF or CRLF), chunk by chunk; chunks overlap by two bytes. */
async function hasBlankLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let position = 0; ; position += CHUNK - 2) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      const data = buffer.subarray(0, bytesRead);
      if (data.indexOf(EMPTY_LF) >= 0 || data.indexOf(EMPTY_CRLF) >= 0) return true;
      if (bytesRead < CHUNK) return false;
    }
  } finally {
    await handle.close();
  }
}
