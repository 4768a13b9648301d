// Reads and checks the header line of a CSV file before DuckDB scans it, so a wrong file fails with a
// message naming the file and the fix rather than deep inside a scan.
import { open } from 'node:fs/promises';
import { PathcostError } from '../../errors.ts';

const HEADER_LIMIT = 1 << 20;

export async function readCsvHeader(path: string, delimiter: string, feed: string): Promise<string[]> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(HEADER_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_LIMIT, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const where = { feed, file: path, row: 1 };
  if (bytes.length === 0) {
    throw new PathcostError('BAD_FILE', 'The file is empty.', 'Export the feed again with a header row, or remove the file if the feed is not supplied (a missing feed is reported as missing).', where);
  }
  // Excel's "Unicode text" is UTF-16 with a byte order mark.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new PathcostError('BAD_FILE', 'The file is UTF-16, not UTF-8.', 'Re-export the file as "CSV UTF-8", or convert it (e.g. iconv -f UTF-16 -t UTF-8).', where);
  }
  // The header ends at the first LF or CR (CRLF and CR-only files are read by DuckDB as well).
  const newline = lineEnd(bytes);
  if (newline < 0 && bytes.length === HEADER_LIMIT) {
    throw new PathcostError('BAD_FILE', `No line break in the first ${HEADER_LIMIT / 1024} KB: this is not a line-based CSV file.`, 'Check the export: lines must end with LF, CRLF or CR.', where);
  }
  let line = bytes.subarray(0, newline < 0 ? bytes.length : newline);
  if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3); // UTF-8 BOM
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    throw new PathcostError('BAD_FILE', 'The header line is not valid UTF-8.', 'Re-export the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8).', where);
  }
  // An unnamed column (e.g. the trailing delimiter Excel leaves) gets DuckDB's default name: it is an extra column.
  const columns = text.split(delimiter).map((c, i) => c.trim().replace(/^"(.*)"$/, '$1') || `column${i + 1}`);
  const seen = new Map<string, number>();
  for (const [i, c] of columns.entries()) {
    const first = seen.get(c.toLowerCase());
    if (first !== undefined) {
      throw new PathcostError('BAD_FILE', `The header names column "${c}" twice (fields ${first + 1} and ${i + 1}).`, 'Rename or remove one of the two columns in the export.', { ...where, column: c });
    }
    seen.set(c.toLowerCase(), i);
  }
  if (columns.length === 1) {
    const other = [';', '\t', '|', ','].find((d) => d !== delimiter && text.includes(d));
    if (other) {
      const name = other === '\t' ? 'tab' : `"${other}"`;
      throw new PathcostError('BAD_FILE', `The header has one column but contains ${name}: the file seems to be delimited by ${name}.`, `Save the file with "${delimiter}" as delimiter, or set "delimiter": "${other === '\t' ? '\\t' : other}" for ${feed} in a mapping file.`, where);
    }
  }
  return columns;
}

function lineEnd(bytes: Buffer): number {
  const lf = bytes.indexOf(0x0a);
  const cr = bytes.indexOf(0x0d);
  return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
}
