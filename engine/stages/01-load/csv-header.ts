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
  const newline = bytes.indexOf(0x0a);
  if (newline < 0 && bytes.length === HEADER_LIMIT) {
    throw new PathcostError('BAD_FILE', `No line break in the first ${HEADER_LIMIT / 1024} KB: this is not a line-based CSV file.`, 'Check the export: lines must end with LF or CRLF (old Mac CR-only files must be converted).', where);
  }
  let line = bytes.subarray(0, newline < 0 ? bytes.length : newline);
  if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3); // UTF-8 BOM
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    throw new PathcostError('BAD_FILE', 'The header line is not valid UTF-8.', 'Re-export the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8).', where);
  }
  const columns = text.replace(/\r$/, '').split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (columns.length === 1) {
    const other = [';', '\t', '|', ','].find((d) => d !== delimiter && text.includes(d));
    if (other) {
      const name = other === '\t' ? 'tab' : `"${other}"`;
      throw new PathcostError('BAD_FILE', `The header has one column but contains ${name}: the file seems to be delimited by ${name}.`, `Save the file with "${delimiter}" as delimiter, or set "delimiter": "${other === '\t' ? '\\t' : other}" for ${feed} in a mapping file.`, where);
    }
  }
  return columns;
}
