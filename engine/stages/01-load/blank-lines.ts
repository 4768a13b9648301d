// Blank lines of a CSV file. DuckDB's reader skips them without a row (and without a reject), yet counts them in
// the line numbers of the lines it rejects; stage 2 needs them to give every row its true line. One sequential
// read of the file, searched natively for an empty line (≈ 2.5 GB/s); lines are counted only in the rare file
// that has one. Not quote-aware: an empty line inside a quoted value is counted as blank too.
import { open } from 'node:fs/promises';
import { PathcostError } from '../../errors.ts';

const CHUNK = 8 << 20;
/** More blank lines than this is not an export with a stray blank line but a double-spaced file. */
const MAX_BLANK_LINES = 100_000;
const EMPTY_LF = Buffer.from('\n\n');
const EMPTY_CRLF = Buffer.from('\n\r\n');

/** Data lines (1-based, header excluded) that are empty, in LF or CRLF files. */
export async function findBlankLines(path: string, feed: string): Promise<number[]> {
  if (!(await hasBlankLine(path))) return [];
  const blank: number[] = [];
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + 2);
    let kept = 0;
    let position = 0;
    let line = 1; // the line the next newline ends
    for (;;) {
      const { bytesRead } = await handle.read(buffer, kept, CHUNK, position);
      position += bytesRead;
      const data = buffer.subarray(0, kept + bytesRead);
      // A newline in the last two bytes waits for the next chunk, to see what follows it.
      const limit = bytesRead === 0 ? data.length : Math.max(0, data.length - 2);
      let i = data.indexOf(0x0a);
      for (; i >= 0 && i < limit; i = data.indexOf(0x0a, i + 1)) {
        if (data[i + 1] === 0x0a || (data[i + 1] === 0x0d && data[i + 2] === 0x0a)) blank.push(line); // line + 1 is empty: data line `line`
        line++;
      }
      if (blank.length > MAX_BLANK_LINES) {
        throw new PathcostError('BAD_FILE', `More than ${MAX_BLANK_LINES} blank lines: the file seems double-spaced.`, `Remove the blank lines (e.g. grep -v '^\\s*$' on the file) and load it again.`, { feed, file: path });
      }
      if (bytesRead === 0) return blank;
      kept = data.length - limit;
      data.copy(buffer, 0, limit);
    }
  } finally {
    await handle.close();
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
