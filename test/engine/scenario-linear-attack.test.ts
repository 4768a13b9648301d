// The attack across margins on scenarios of the bundled sample (a reviewer's case: groups of two margins combined
// gave away one cataract patient's mental health £ on a 20,000-patient build). Without the audit of
// engine/disclosure/linear-audit.ts, a no-change knee scenario here gives away RA3's surgery, 5 episodes and
// £40,821.68, by an independent floating-point solve of the published margins (test helper solveHidden).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { runScenario } from '../../engine/scenarios/index.ts';
import { solveHidden } from '../helpers/disclosure-attack.ts';

const KEYS = ['provider_code', 'step', 'setting', 'unit'];
const MARGINS = KEYS.map((column) => ({ column, total: column === 'provider_code' ? 'ICB' : 'all' }));
const THRESHOLD = 8;
let dir: string;
let sizes: Map<string, number>;
let pathways: string[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-scenario-attack-'));
  await build({ input: 'sample-data/sample', out: join(dir, 'out'), asOf: '2025-06-30' });
  const db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
  // each cell's episodes, from the step costs: every grouping of the four keys
  const sets = KEYS.reduce<string[][]>((s, k) => s.flatMap((x) => [x, [...x, k]]), [[]]).map((x) => `(${['pathway_id', ...x].join(', ')})`).join(', ');
  sizes = new Map((await db.all<{ key: string; n: number }>(`
    select concat_ws('|', pathway_id, coalesce(provider_code, 'ICB'), coalesce(step, 'all'), coalesce(setting, 'all'), coalesce(unit, 'all')) as key,
      count(distinct episode_id)::integer as n
    from episode_step_cost group by grouping sets (${sets})`)).map((r) => [r.key, r.n]));
  pathways = (await db.all<{ p: string }>(`select distinct pathway_id as p from episode order by 1`)).map((r) => r.p);
  db.close();
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('scenarios of the bundled sample, attacked across margins', () => {
  it('give away no hidden baseline of fewer episodes than the threshold, in any pathway', async () => {
    expect(pathways.length).toBeGreaterThan(3);
    let hidden = 0;
    for (const p of pathways) {
      const r = await runScenario(join(dir, 'out'), { id: 'attack', name: 'Attack', pathway_id: p, changes: [] });
      hidden += r.cells.filter((c) => c.suppressed).length;
      const small = solveHidden(r.cells as never, KEYS, MARGINS, 'baseline_gbp').filter((x) => (sizes.get(`${p}|${x.cell}`) ?? 0) < THRESHOLD);
      expect(small, p).toEqual([]);
    }
    expect(hidden).toBeGreaterThan(0);
  });
});
