// A build replaces --out whole. Found by a newcomer's run: `build --input X --out X` printed "Built" and left X
// holding only the outputs (every extract deleted), and a folder of notes or saved scenario results was wiped
// the same way. The build now refuses such a folder before it reads or writes anything.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { PathcostError } from '../../engine/errors.ts';
import { checkOutputFolder } from '../../engine/output-folder.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-out-'));
  await mkdir(join(dir, 'in'));
  await writeFile(join(dir, 'in', 'patients.csv'), 'patient_id,birth_date\nP1,1950-01-01\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const refusal = async (input: string, out: string) => {
  const e = await checkOutputFolder(input, out).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(PathcostError);
  expect((e as PathcostError).code).toBe('OUTPUT_NOT_A_BUILD');
  return (e as PathcostError).message;
};

describe('options a build refuses before it starts', () => {
  it('a month range that ends before it starts, naming both and the way round', async () => {
    await expect(build({ input: join(dir, 'in'), out: join(dir, 'out'), fromMonth: '2025-03', toMonth: '2024-04' })).rejects.toMatchObject({
      code: 'BAD_OPTION', message: '--from 2025-03 is after --to 2024-04: the range holds no month.', hint: 'Swap them: --from 2024-04 --to 2025-03.',
    });
  });

  it('a scenario given a folder with no build names it (it was an IO error called a bug)', async () => {
    const { runScenario } = await import('../../engine/scenarios/index.ts');
    await expect(runScenario(join(dir, 'in'), { id: 'x', name: 'X', pathway_id: 'knee-replacement', changes: [] })).rejects.toMatchObject({ code: 'NO_BUILD' });
  });
});

describe('the output folder a build may replace', () => {
  it('refuses the input folder itself, and build() leaves the extracts where they were', async () => {
    expect(await refusal(join(dir, 'in'), join(dir, 'in'))).toMatch(/is the input folder: .* would delete the extracts/);
    await expect(build({ input: join(dir, 'in'), out: join(dir, 'in') })).rejects.toThrow(/is the input folder/);
    expect(await readdir(join(dir, 'in'))).toEqual(['patients.csv']);
  });

  it('refuses a folder holding the input; one inside it is allowed (listed as not read)', async () => {
    expect(await refusal(join(dir, 'in'), dir)).toMatch(/holds the input folder/);
    await checkOutputFolder(join(dir, 'in'), join(dir, 'in', 'out'));
  });

  it('refuses an input in the folders kept beside --out (an interrupted swap\'s .previous would be renamed onto --out)', async () => {
    await mkdir(join(dir, 'out.previous'));
    expect(await refusal(join(dir, 'out.previous'), join(dir, 'out'))).toMatch(/is in .*out\.previous, which the build renames or deletes/);
    await expect(build({ input: join(dir, 'out.previous'), out: join(dir, 'out') })).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_BUILD' });
    expect((await readdir(dir)).sort()).toEqual(['in', 'out.previous']);
  });

  it('refuses the folder the command runs in', async () => {
    const cwd = process.cwd();
    process.chdir(join(dir, 'in'));
    try {
      expect(await refusal(join(dir, 'elsewhere'), '.')).toMatch(/the folder this command runs in/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a folder holding anything a build does not write, naming it, and deletes nothing', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'scenarios'), { recursive: true });
    await writeFile(join(out, 'notes.txt'), 'keep me');
    await writeFile(join(out, 'pathcost.duckdb'), '');
    expect(await refusal(join(dir, 'in'), out)).toMatch(/holds notes\.txt, scenarios, which a build does not write/);
    await expect(build({ input: join(dir, 'in'), out })).rejects.toThrow(/which a build does not write/);
    expect((await readdir(out)).sort()).toEqual(['notes.txt', 'pathcost.duckdb', 'scenarios']);
  });

  it('accepts a new folder, an empty one and a previous build', async () => {
    await checkOutputFolder(join(dir, 'in'), join(dir, 'new', 'out'));
    await mkdir(join(dir, 'empty'));
    await checkOutputFolder(join(dir, 'in'), join(dir, 'empty'));
    const previous = join(dir, 'previous');
    await mkdir(join(previous, 'csv'), { recursive: true });
    await mkdir(join(previous, 'parquet'));
    await writeFile(join(previous, 'pathcost.duckdb'), '');
    await checkOutputFolder(join(dir, 'in'), previous);
  });
});
