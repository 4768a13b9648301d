// The blank-line search reads a file in 8 MiB chunks: a quoted value, a doubled quote or a blank line cut by a
// chunk's end must count as it would in one piece. Small cases are in load-validate-csv-edges.test.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBlankLines } from '../../engine/stages/01-load/blank-lines.ts';

const CHUNK = 8 << 20;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-blank-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A header (padded to reach `bytes`), one-line filler records, then `tail`; returns the file and the filler count. */
async function fileWith(name: string, bytes: number, tail: string): Promise<{ path: string; fillers: number }> {
  const filler = '1,abcdef\n';
  const fillers = Math.floor((bytes - 'id,note\n'.length) / filler.length);
  const header = `id,note${'s'.repeat(bytes - 'id,note\n'.length - fillers * filler.length)}\n`;
  const path = join(dir, name);
  await writeFile(path, header + filler.repeat(fillers) + tail);
  return { path, fillers };
}

describe('findBlankLines across chunk ends', () => {
  it('an empty line inside quotes is never blank, a doubled quote stays quoted, the real blank line is found, wherever the chunk ends', async () => {
    // The quoted value holds `""` and an empty line; then a real blank line, a record, another blank line.
    const tail = '3,"a""\n\nb"\n\n4,x\n\n5,y\n';
    for (let offset = -12; offset <= 2; offset++) {
      const { path, fillers } = await fileWith(`f${offset + 12}.csv`, CHUNK + offset, tail);
      // Records after the header: the fillers, 3 (one record), blank, 4, blank, 5.
      expect(await findBlankLines(path, 'test'), `offset ${offset}`).toEqual([fillers + 2, fillers + 4]);
    }
  });
});
