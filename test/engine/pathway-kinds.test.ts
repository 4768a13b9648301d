// The anchor kinds of the definition schema reject what a kind cannot use, naming the field; two files with
// one pathway id are refused at load, naming both files.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PathcostError } from '../../engine/errors.ts';
import { DEFAULT_PATHWAYS_DIR, loadPathways } from '../../engine/pathways.ts';
import { PathwayDefinition } from '../../schemas/pathway.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as written
const raw = async (id: string) => JSON.parse(await readFile(join(DEFAULT_PATHWAYS_DIR, `${id}.json`), 'utf8')) as Record<string, any>;
const issues = (def: unknown) => {
  const r = PathwayDefinition.safeParse(def);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('anchor kinds', () => {
  it('read the shipped library with its kinds, and knee (written before kinds) as a procedure', async () => {
    const kinds = Object.fromEntries((await loadPathways()).map((d) => [d.id, d.anchor.kind]));
    expect(kinds).toEqual({
      cataract: 'day_case', copd: 'annual_cohort', 'hip-fracture': 'emergency_admission', 'hip-replacement': 'procedure', 'knee-replacement': 'procedure',
      stroke: 'emergency_admission', 'type-2-diabetes': 'annual_cohort',
    });
  });

  it('accept a shipped definition of each kind as it is (the checks let the valid through)', async () => {
    for (const id of ['knee-replacement', 'stroke', 'cataract', 'type-2-diabetes']) expect(issues(await raw(id)), id).toEqual([]);
  });

  it('reject an annual cohort with a window, or with admission methods', async () => {
    const def = await raw('type-2-diabetes');
    expect(issues({ ...def, window: { lookback_days: 0, lookforward_days: 30 } })).toEqual(["window: an annual_cohort episode's window is its financial year: leave window out"]);
    expect(issues({ ...def, anchor: { ...def.anchor, admission_methods: ['21'] } })).toEqual([
      'anchor.admission_methods: an annual_cohort anchor is a coded activity, not a spell: leave admission_methods out',
    ]);
    const { activity_types: _types, ...anchor } = def.anchor;
    expect(issues({ ...def, anchor })).toEqual(['anchor.activity_types: an anchor of kind annual_cohort names its activity_types']);
  });

  it('reject resolved codes on a spell anchor (only a register is resolved)', async () => {
    const knee = await raw('knee-replacement');
    expect(issues({ ...knee, anchor: { ...knee.anchor, resolved_by: [{ field: 'diagnoses', list: knee.anchor.include[0].list }] } })).toEqual([
      'anchor.resolved_by: an anchor of kind procedure is one spell, not a register a code can resolve: leave resolved_by out',
    ]);
  });

  it('reject a spell anchor without a window, and activity types on a kind that implies them', async () => {
    const { window: _window, ...stroke } = await raw('stroke');
    expect(issues(stroke)).toEqual(['window: an anchor of kind emergency_admission needs a window (lookback_days, lookforward_days)']);
    const cataract = await raw('cataract');
    expect(issues({ ...cataract, anchor: { ...cataract.anchor, activity_types: ['apc_elective'] } })).toEqual([
      "anchor.activity_types: the activity type of an anchor of kind day_case is implied (apc_elective): leave activity_types out",
    ]);
  });

  it('leave unmatched activity outside only in an annual cohort', async () => {
    expect(issues({ ...(await raw('knee-replacement')), unmatched_activity: 'outside' })).toEqual([
      'unmatched_activity: an anchor of kind procedure costs everything in its window (other_<setting> steps): leave unmatched_activity out, or make the pathway an annual_cohort',
    ]);
    expect(issues({ ...(await raw('type-2-diabetes')), unmatched_activity: 'other_step' })).toEqual([]);
  });

  it('reject a window of more than ten years', async () => {
    const def = await raw('cataract');
    expect(issues({ ...def, window: { lookback_days: 365, lookforward_days: 36500 } })).toEqual(['window.lookforward_days: Too big: expected number to be <=3660']);
  });
});

describe('pathway ids', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathcost-ids-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuse two files with one id at load, naming both files', async () => {
    const knee = await raw('knee-replacement');
    await writeFile(join(dir, 'knee.json'), JSON.stringify(knee));
    await writeFile(join(dir, 'knee-copy.json'), JSON.stringify({ ...knee, name: 'A copy' }));
    const err = await loadPathways(dir).then(() => expect.unreachable('loaded'), (e: PathcostError) => e);
    expect(err).toBeInstanceOf(PathcostError);
    expect(err.code).toBe('BAD_DEFINITION');
    expect(err.message).toBe(`Two pathway definitions have the id "knee-replacement": ${join(dir, 'knee-copy.json')} and ${join(dir, 'knee.json')}.`);
  });

  it('load the same files once the ids differ', async () => {
    const knee = await raw('knee-replacement');
    await writeFile(join(dir, 'knee.json'), JSON.stringify(knee));
    await writeFile(join(dir, 'knee-copy.json'), JSON.stringify({ ...knee, id: 'knee-copy' }));
    expect((await loadPathways(dir)).map((d) => d.id)).toEqual(['knee-copy', 'knee-replacement']);
  });
});
