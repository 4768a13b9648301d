// Replays step_transition's disclosure on a finished build and attacks the result by subtraction, as
// test/api/disclosure-attack.test.ts does through /api/flows, without building again:
//   npx tsx bench/flow-attack.ts <build-dir> [threshold] [pathway]
// The build's DuckDB file is copied; its visits are rebuilt from activity_attribution (+ activity's dates), the
// summary's flags from pathway_summary, and buildStepFlows runs again with the engine as it is now.
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Db } from '../engine/db.ts';
import { loadPathways } from '../engine/pathways.ts';
import { buildStepFlows, collectFlowVisits, createFlowVisits } from '../engine/stages/07-aggregate/step-flows.ts';
import { attackBySubtraction } from '../test/helpers/disclosure-attack.ts';

const [dir, thresholdArg, only] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx bench/flow-attack.ts <build-dir> [threshold] [pathway]');
const threshold = Number(thresholdArg ?? 10);
const work = join(dir, 'flow-attack.duckdb');
await copyFile(join(dir, 'pathcost.duckdb'), work);
const db = await Db.open({ path: work });
const stored = await db.all<Record<string, unknown>>(`select * from step_transition order by all`, {}, 1_000_000);
await db.run(`create temp table summary_cells as select pathway_id, provider_code, month, step, setting, suppressed as hide
  from pathway_summary where basis = 'actual'`);
await db.run(`create temp table attr as select a.pathway_id, a.episode_id, a.step, x.start_date, a.cost_gbp as attributed_gbp, a.feed, a.source_id
  from activity_attribution a join activity x using (feed, source_id) where a.episode_id is not null`);
await createFlowVisits(db);
for (const def of await loadPathways()) await collectFlowVisits(db, def, 'attr');
await db.run('delete from step_transition; delete from step_sequence');
await buildStepFlows(db, threshold);
const replayed = await db.all<Record<string, unknown>>(`select * from step_transition order by all`, {}, 1_000_000);
const same = JSON.stringify(stored, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) === JSON.stringify(replayed, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
console.log(`step_transition replayed: ${replayed.length} rows, ${same ? 'identical to' : 'DIFFERENT from'} the build's ${stored.length}`);
if (!same) {
  const text = (rows: Array<Record<string, unknown>>) => new Set(rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))));
  const [before, after] = [text(stored), text(replayed)];
  const changed = new Set([...before].filter((r) => !after.has(r)).concat([...after].filter((r) => !before.has(r))).map((r) => `${JSON.parse(r).pathway_id} ${JSON.parse(r).provider_code}`));
  console.log(`  rows differ for: ${[...changed].sort().join(', ')}`);
}

type Cell = Record<string, unknown> & { suppressed: boolean };
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
let leaks = 0;
for (const { pathway_id } of await db.all<{ pathway_id: string }>(`select distinct pathway_id from step_sequence order by 1`)) {
  if (only && pathway_id !== only) continue;
  const providers = (await db.all<{ p: string }>(`select distinct provider_code as p from step_sequence where pathway_id = $pw order by 1`, { pw: pathway_id })).map((r) => r.p);
  const moves = await db.all<Cell>(`select provider_code, from_step, to_step, kind, n_episodes, suppressed from step_transition where pathway_id = $pw`, { pw: pathway_id });
  const cells: Cell[] = moves.map((m) => ({ ...m, n_episodes: num(m.n_episodes), to_key: `${m.to_step}|${m.kind}` }));
  const listing = new Set(cells.map((c) => c.provider_code));
  const withheld = providers.filter((p) => !listing.has(p));
  const keys = new Set(cells.map((c) => `${c.from_step}\u0000${c.to_key}`));
  for (const provider of withheld) for (const k of keys) {
    const [from_step, to_key] = k.split('\u0000');
    cells.push({ provider_code: provider, from_step, to_key, n_episodes: null, suppressed: true });
  }
  // as test/api/disclosure-attack.test.ts: a withheld provider's step counts total nothing along a step, but along
  // the ICB row each step's first arrivals of every provider are a group
  const returnsInto = new Set(cells.filter((c) => c.kind === 'return').map((c) => `${c.provider_code}|${c.to_step}`));
  const summary = await db.all<Record<string, unknown>>(`select provider_code, step, n_with_activity, suppressed from pathway_summary
    where pathway_id = $pw and month = 'all' and setting = 'all' and basis = 'actual'`, { pw: pathway_id });
  const alongSteps: Cell[] = [...cells];
  const alongIcb: Cell[] = [...cells];
  for (const s of summary) {
    const node = (x: string) => (s.step === 'all' ? x : String(s.step));
    const arrivals = { provider_code: s.provider_code, from_step: 'all', to_key: `${node('end')}|first`, n_episodes: num(s.n_with_activity), suppressed: Boolean(s.suppressed) };
    alongIcb.push(arrivals);
    if (withheld.includes(String(s.provider_code))) continue;
    alongSteps.push(arrivals);
    if (!returnsInto.has(`${s.provider_code}|${node('start')}`)) alongSteps.push({ provider_code: s.provider_code, from_step: node('start'), to_key: 'all', n_episodes: num(s.n_with_activity), suppressed: Boolean(s.suppressed) });
  }
  const cellKeys = ['provider_code', 'from_step', 'to_key'];
  const found = [
    ...attackBySubtraction(alongIcb as never, cellKeys, [{ column: 'provider_code', total: 'ICB' }], ['n_episodes']),
    ...attackBySubtraction(alongSteps as never, cellKeys, [{ column: 'from_step', total: 'all' }, { column: 'to_key', total: 'all' }], ['n_episodes']),
  ];
  leaks += found.length;
  console.log(`${pathway_id}: ${cells.filter((c) => c.suppressed).length} hidden cells, withheld [${withheld.join(', ')}], ${found.length} recovered`);
  for (const f of found) console.log(`  along ${f.along}: ${JSON.stringify(f.cell)} = ${f.values.n_episodes}`);
}
db.close();
await rm(work, { force: true });
console.log(leaks === 0 ? 'no hidden move recovered' : `${leaks} hidden moves recovered`);
process.exitCode = leaks === 0 ? 0 : 1;
