// The input guards as a user meets them (issue 16): `pathcost build` over a good build with an empty input folder
// exits non-zero and leaves every file of the build byte-identical; `pathcost validate` on misnamed files lists
// them with the feed each resembles and exits non-zero; --allow-shrink publishes a shrunk input.
import { spawn } from 'node:child_process';
import { cp, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { hashTree } from '../helpers/tree-hash.ts';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../sample-data/sample/', import.meta.url));
const AS_OF = '2026-01-01';
let dir: string;
let out: string;

function pathcost(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-guards-cli-'));
  out = join(dir, 'out');
  await build({ input: SAMPLE, out, asOf: AS_OF });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pathcost build and validate guard their input', () => {
  it('an empty input folder over a good build: non-zero exit, the good build byte-identical', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const before = await hashTree(out);
    expect(Object.keys(before)).toContain('pathcost.duckdb');
    const { code, stderr } = await pathcost(['build', '--input', empty, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`pathcost: The input folder ${empty} has no file for patients or apc_spells, which every build needs: it holds no feed file.`);
    expect(stderr).toContain('--allow-missing-feeds');
    expect(await hashTree(out)).toEqual(before);
  }, 60_000);

  it('validate lists misnamed files with the feed each resembles and exits non-zero without apc_spells', async () => {
    const misnamed = join(dir, 'misnamed');
    await mkdir(misnamed);
    await copyFile(join(SAMPLE, 'patients.csv'), join(misnamed, 'Patients.CSV'));
    await copyFile(join(SAMPLE, 'apc_spells.csv'), join(misnamed, 'apcs.csv'));
    await copyFile(join(SAMPLE, 'op_attendances.csv'), join(misnamed, 'OP_Attendance.csv'));
    // a column nothing reads is listed under its feed
    const patients = (await readFile(join(misnamed, 'Patients.CSV'), 'utf8')).split('\n');
    await writeFile(join(misnamed, 'Patients.CSV'), patients.map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'Comments' : 'x'}`)).join('\n'));
    await writeFile(join(misnamed, 'notes.txt'), 'extracted 2025-04-02');
    const { code, stdout, stderr } = await pathcost(['validate', '--input', misnamed, '--as-of', AS_OF]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain('patients                 2000 rows, 0 quarantined'); // Patients.CSV is the patients feed
    expect(lines).toContain('    columns not read (not mapped): Comments');
    expect(lines).toContain('apc_spells               MISSING: required, a build stops without it');
    expect(lines).toContain('op_attendances           missing (reported as missing, never as zero cost)');
    expect(lines.slice(lines.indexOf('Not recognised (not read):'))).toEqual([
      'Not recognised (not read):',
      '    OP_Attendance.csv  → looks like op_attendances',
      '    apcs.csv  → looks like apc_spells',
      '    notes.txt',
      '',
    ]);
    expect(stderr).toMatch(/^pathcost: The input folder .* has no file for apc_spells, which every build needs: it read Patients\.CSV and did not recognise OP_Attendance\.csv \(looks like op_attendances\), apcs\.csv \(looks like apc_spells\), notes\.txt\.\n/);
  }, 60_000);

  it('validate names each example by the line an editor shows: a data row after a blank line, and a malformed line once', async () => {
    const lines = join(dir, 'lines');
    await mkdir(lines);
    await copyFile(join(SAMPLE, 'patients.csv'), join(lines, 'patients.csv'));
    const apc = (await readFile(join(SAMPLE, 'apc_spells.csv'), 'utf8')).split('\n');
    // line 1 header, 2 a good row, 3 blank, 4 a bad admission method, 5 too few fields
    await writeFile(join(lines, 'apc_spells.csv'), [apc[0], apc[1], '', apc[2].replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)\w+/, '$1ZZ'), 'APCX,P1', ''].join('\n'));
    const { stdout } = await pathcost(['validate', '--input', lines, '--as-of', AS_OF]);
    const report = stdout.split('\n').filter((l) => /e\.g\. line/.test(l));
    expect(report.find((l) => l.includes('bad_code'))).toMatch(/e\.g\. line 4: admission_method "ZZ"/);
    expect(report.find((l) => l.includes('malformed_line'))).toMatch(/e\.g\. line 5: MISSING COLUMNS/);
  }, 60_000);

  it('--allow-shrink publishes an input with under half the previous rows of a feed', async () => {
    const shrunk = join(dir, 'shrunk');
    await cp(SAMPLE, shrunk, { recursive: true });
    const apc = (await readFile(join(SAMPLE, 'apc_spells.csv'), 'utf8')).split('\n');
    await writeFile(join(shrunk, 'apc_spells.csv'), `${apc.slice(0, 101).join('\n')}\n`);
    const refused = await pathcost(['build', '--input', shrunk, '--out', out, '--as-of', AS_OF]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('apc_spells 100 rows (previous build 878, 11%)');
    const built = await pathcost(['build', '--input', shrunk, '--out', out, '--as-of', AS_OF, '--allow-shrink']);
    expect(built.stderr.split('\n').filter((l) => l.startsWith('pathcost:'))).toEqual([]);
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('not read (no feed has these names): faults.csv, generation.json');
  }, 120_000);
});
