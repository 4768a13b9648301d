// The shipped pathway definitions cite sources inside this repository, and the cohort fields of the schema
// (require, exclude position/secondary, variants, comparison) default to the old behaviour and reject nonsense.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathcostError } from '../../engine/errors.ts';
import { DEFAULT_PATHWAYS_DIR, loadPathway, loadPathways } from '../../engine/pathways.ts';
import { PathwayDefinition } from '../../schemas/pathway.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const raw = async (id: string) => JSON.parse(await readFile(join(DEFAULT_PATHWAYS_DIR, `${id}.json`), 'utf8')) as Record<string, any>;

describe('shipped definitions: sources', () => {
  it('cite a file inside this repository for every source, and nothing outside it', async () => {
    for (const def of await loadPathways()) {
      for (const s of def.sources) {
        expect(s.file, `${def.id} ${s.id}`).toBeDefined();
        expect(existsSync(join(ROOT, s.file!)), `${def.id} ${s.id}: ${s.file}`).toBe(true);
      }
      const text = JSON.stringify(def);
      expect(text, def.id).not.toMatch(/shared\/|\.\.\//);
    }
  });

  it('name only defined sources in their code lists (ids S1–S9; S72 is a code)', async () => {
    for (const def of await loadPathways()) {
      const ids = new Set(def.sources.map((s) => s.id));
      const cited = Object.values(def.code_lists).flatMap((l) => l.source.match(/\bS\d\b/g) ?? []);
      expect(cited.filter((id) => !ids.has(id)), def.id).toEqual([]);
    }
  });

  it('hip cites its own HRG and SNOMED concept, not the knee’s', async () => {
    const hip = (await raw('hip-replacement')).sources.map((s: { citation: string }) => s.citation).join('\n');
    expect(hip).toContain('HN12A–F');
    expect(hip).toContain('239872002 Osteoarthritis of hip');
    expect(hip).not.toMatch(/HN22|knee/i);
  });
});

describe('cohort fields of the schema', () => {
  it('read a definition written before them with the old behaviour', async () => {
    const old = await raw('knee-replacement');
    old.anchor = { ...old.anchor, include: [{ field: 'primary_procedure', list: 'tkr_primary' }], exclude: [{ field: 'diagnoses', list: 'exclusion_diagnoses' }] };
    delete old.anchor.require;
    delete old.anchor.variants;
    delete old.comparison;
    const def = PathwayDefinition.parse(old);
    expect(def.anchor.require).toEqual([]);
    expect(def.anchor.variants).toEqual([]);
    expect(def.anchor.exclude).toEqual([{ field: 'diagnoses', list: 'exclusion_diagnoses', position: 'any', secondary: 'ignore' }]);
    expect(def.comparison).toEqual({ exclude_flags: ['died_in_window', 'bilateral_same_spell'] });
  });

  describe('reject, naming the field', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pathcost-def-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    async function loadWith(change: (def: Record<string, any>) => void): Promise<PathcostError> {
      const def = await raw('knee-replacement');
      change(def);
      const file = join(dir, 'knee.json');
      await writeFile(file, JSON.stringify(def));
      return loadPathway(file).then(
        () => expect.unreachable('the definition loaded'),
        (err: PathcostError) => err,
      );
    }

    it('position "primary" on a field with one position', async () => {
      const err = await loadWith((d) => d.anchor.exclude.push({ field: 'hrg', list: 'knee_hrg', position: 'primary' }));
      expect(err.code).toBe('BAD_DEFINITION');
      expect(err.message).toContain('position "primary" applies to procedures or diagnoses, not hrg');
      expect(err.message).toContain('anchor.exclude[2].position');
    });

    it('secondary "flag" without position "primary"', async () => {
      const err = await loadWith((d) => (d.anchor.exclude[1].position = 'any'));
      expect(err.message).toContain('secondary "flag" needs position "primary"');
      expect(err.message).toContain('anchor.exclude[1].secondary');
    });

    it('a variant flag the engine does not define', async () => {
      const err = await loadWith((d) => (d.anchor.variants[0].flag = 'bilateral'));
      expect(err.message).toContain('anchor.variants[0].flag');
    });

    it('a variant rule naming a code list that does not exist', async () => {
      const err = await loadWith((d) => (d.anchor.variants[1].when[1].list = 'opcs_left'));
      expect(err.message).toBe('Code list(s) opcs_left used but not defined.');
    });

    it('a comparison flag the engine does not define', async () => {
      const err = await loadWith((d) => (d.comparison.exclude_flags = ['bilateral']));
      expect(err.message).toContain('comparison.exclude_flags[0]');
    });
  });
});
