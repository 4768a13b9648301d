// `pathcost start` builds again when a feed, a pathway definition or a reference table changed after the build.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleBecause } from '../../cli/stale.ts';

let root: string;
const at = (iso: string) => new Date(iso);

async function file(path: string, time: string) {
  await writeFile(path, 'x');
  await utimes(path, at(time), at(time));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathcost-stale-'));
  for (const d of ['in', 'pathways/codelists', 'reference', 'out']) await mkdir(join(root, d), { recursive: true });
  await file(join(root, 'in/apc_spells.csv'), '2025-01-01T00:00:00Z');
  await file(join(root, 'pathways/knee-replacement.json'), '2025-01-01T00:00:00Z');
  await file(join(root, 'pathways/codelists/opcs.csv'), '2025-01-01T00:00:00Z');
  await file(join(root, 'reference/ncc_unit_costs.csv'), '2025-01-01T00:00:00Z');
  await file(join(root, 'out/pathcost.duckdb'), '2025-02-01T00:00:00Z');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const sources = () => ['in', 'pathways', 'reference'].map((d) => join(root, d));

describe('staleBecause', () => {
  it('is up to date when every source is older than the build', async () => {
    expect(await staleBecause(join(root, 'out'), sources())).toBeUndefined();
  });

  it.each(['in/apc_spells.csv', 'pathways/knee-replacement.json', 'pathways/codelists/opcs.csv', 'reference/ncc_unit_costs.csv'])('names %s when it changed after the build', async (changed) => {
    await utimes(join(root, changed), at('2025-03-01T00:00:00Z'), at('2025-03-01T00:00:00Z'));
    expect(await staleBecause(join(root, 'out'), sources())).toMatch(new RegExp(`${changed.replace(/[./]/g, '\\$&')} changed since the last build$`));
  });

  it('a new file counts too (a pathway added)', async () => {
    await file(join(root, 'pathways/cataract.json'), '2025-03-01T00:00:00Z');
    expect(await staleBecause(join(root, 'out'), sources())).toContain('cataract.json');
  });

  it('no build at all', async () => {
    await rm(join(root, 'out/pathcost.duckdb'));
    expect(await staleBecause(join(root, 'out'), sources())).toBe(`no build in ${join(root, 'out')}`);
  });
});
