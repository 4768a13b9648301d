// The byte-level fault DuckDB cannot write: Latin-1 text (invalid as UTF-8). The SQL ends each bad_encoding
// line with a private-use character (faults.ts ENCODING_MARKER, three bytes in UTF-8); this pass scans the CSV
// once, read-only, and overwrites each marker in place with three Latin-1 bytes, "née" (n, 0xE9, e): same
// length, so nothing else in the file moves and a 2 GB file is never rewritten.
import { open } from 'node:fs/promises';
import { ENCODING_MARKER } from './faults.ts';

const MARKER = Buffer.from(String.fromCodePoint(ENCODING_MARKER), 'utf8'); // EE 80 80
export const LATIN1_TEXT = Buffer.from('n\u00e9e', 'latin1'); // 6E E9 65

/** Overwrites every marker in `path`; returns how many. `chunkBytes` is only small in tests. */
export async function applyByteFaults(path: string, chunkBytes = 8 << 20): Promise<number> {
  const file = await open(path, 'r+');
  const buf = Buffer.alloc(Math.max(chunkBytes, MARKER.length));
  let replaced = 0;
  try {
    for (let pos = 0; ; ) {
      const { bytesRead } = await file.read(buf, 0, buf.length, pos);
      const window = buf.subarray(0, bytesRead);
      for (let at = window.indexOf(MARKER); at >= 0; at = window.indexOf(MARKER, at + MARKER.length)) {
        await file.write(LATIN1_TEXT, 0, LATIN1_TEXT.length, pos + at);
        replaced++;
      }
      if (bytesRead < buf.length) break;
      // overlap the next read by a marker's length − 1, so a marker cut by the chunk boundary is found whole
      pos += bytesRead - (MARKER.length - 1);
    }
  } finally {
    await file.close();
  }
  return replaced;
}
