// The byte-level fault DuckDB cannot write: a Latin-1 byte (é = 0xE9, invalid as UTF-8). The SQL ends those
// lines with a private-use character (faults.ts ENCODING_MARKER); this pass streams the CSV once, with bounded
// memory, replacing the marker's three UTF-8 bytes by the one byte. Only files holding such faults are read.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ENCODING_MARKER } from './faults.ts';

const MARKER = Buffer.from(String.fromCodePoint(ENCODING_MARKER), 'utf8'); // EE 80 80
const LATIN1_E_ACUTE = Buffer.from([0xe9]);
const LEAD = MARKER[0]; // 0xEE: a byte the generator's ASCII data never holds
const MARKER_LENGTH = MARKER.length;

/** Replaces the markers in a byte stream; keeps a marker split across chunks whole. */
export class MarkerReplacer extends Transform {
  private carry = Buffer.alloc(0);
  replaced = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const keepFrom = Math.max(0, buf.length - (MARKER_LENGTH - 1));
    const tailStart = buf.indexOf(LEAD, keepFrom) >= 0 ? buf.indexOf(LEAD, keepFrom) : buf.length;
    this.push(this.replace(buf.subarray(0, tailStart)));
    this.carry = Buffer.from(buf.subarray(tailStart));
    done();
  }

  override _flush(done: TransformCallback): void {
    this.push(this.replace(this.carry));
    done();
  }

  private replace(buf: Buffer): Buffer {
    if (buf.indexOf(LEAD) < 0) return buf;
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = buf.indexOf(LEAD); at >= 0; at = buf.indexOf(LEAD, at + 1)) {
      if (!buf.subarray(at, at + MARKER_LENGTH).equals(MARKER)) continue;
      parts.push(buf.subarray(from, at), LATIN1_E_ACUTE);
      from = at + MARKER_LENGTH;
      this.replaced++;
    }
    parts.push(buf.subarray(from));
    return Buffer.concat(parts);
  }
}

/** Rewrites `path` in place (via a temporary file); returns the number of markers replaced. */
export async function applyByteFaults(path: string): Promise<number> {
  const tmp = `${path}.tmp`;
  const replacer = new MarkerReplacer();
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), replacer, createWriteStream(tmp));
  await rename(tmp, path);
  return replacer.replaced;
}
