// `pathcost scenario` on the scenario fixture: the waterfall printed with the hand-worked figure, the answer and
// its cells written with --out, and a bad scenario file failing with the field named and a non-zero exit.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioFixture } from '../helpers/scenario-fixture.ts';

const run = promisify(execFile);
const BIN = new URL('../../cli/bin.js', import.meta.url).pathname;
let dir: string;
let work: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await scenarioFixture());
  work = await mkdtemp(join(tmpdir(), 'pathcost-scenario-cli-'));
});
afterAll(async () => {
  await cleanup?.();
  await rm(work, { recursive: true, force: true });
});

const MOVE = { type: 'move', name: 'Half remote', step: 'follow_up_outpatients', unit: 'attendances', share: 0.5, to: { price: { ncc: { price_year: '2023/24', department: 'Consultant Led', currency_code: 'WF01C' } } } };

describe('pathcost scenario', () => {
  it('prints the waterfall and writes the answer and its cells', async () => {
    const file = join(work, 'half.json');
    await writeFile(file, JSON.stringify({ id: 'half', name: 'Half remote', pathway_id: 'knee-replacement', changes: [MOVE] }));
    const { stdout } = await run('node', [BIN, 'scenario', '--data', dir, '--scenario', file, '--out', join(work, 'out')]);
    expect(stdout).toMatch(/Half remote\s+-£807\.24/); // 42 × 0.5 × £38.44
    expect(stdout).toMatch(/Scenario\s+£225,660\.44/);
    const answer = JSON.parse(await readFile(join(work, 'out', 'half.json'), 'utf8'));
    expect(answer.waterfall[1].gbp).toBe(-807.24);
    const csv = (await readFile(join(work, 'out', 'half-cells.csv'), 'utf8')).split('\n');
    expect(csv[0]).toBe('provider_code,step,setting,unit,n_episodes,baseline_gbp,scenario_gbp,difference_gbp,baseline_units,scenario_units,difference_units,baseline_per_episode_gbp,scenario_per_episode_gbp,difference_per_episode_gbp,suppressed');
    // 28 episodes' 56 follow-ups (£10,767.68); RCC's and RDD's 14, in hidden cells, are left as built
    expect(csv).toContain('ICB,follow_up_outpatients,acute,attendances,28,10767.68,9960.44,-807.24,56,56,0,384.56,355.73,-28.83,false');
  });

  it('fails on a bad scenario with the field named', async () => {
    const file = join(work, 'bad.json');
    await writeFile(file, JSON.stringify({ id: 'bad', name: 'Bad', pathway_id: 'knee-replacement', changes: [{ ...MOVE, share: 2 }] }));
    const err = await run('node', [BIN, 'scenario', '--data', dir, '--scenario', file]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/Invalid scenario[\s\S]*changes\[0\]\.share/);
  });
});
