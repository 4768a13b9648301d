// Issue 4 on generated data with --faults 0.01: every fault the generator lists is quarantined with the
// expected reason at its line, no other row is, and per feed the supplied pounds reconcile to the penny. From CSV
// (a row's line is its place in read order) and from Parquet (its place is the file's own row number, and stage 2
// writes the rows in any order).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db, sqlString } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

describe.each(['csv', 'parquet'] as const)('faults injected by the generator (%s)', (format) => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathcost-faults-'));
    await generateSampleData({ patients: 20_000, seed: 3, out: join(dir, 'in'), format, faults: 0.01, from: '2023-04-01', to: '2025-03-31' });
    await build({ input: join(dir, 'in'), out: join(dir, 'out'), asOf: '2026-01-01' });
    db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
  }, 300_000);
  afterAll(async () => {
    db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('quarantines exactly the listed rows, each with its expected reason', async () => {
    const listed = (await readFile(join(dir, 'in', 'faults.csv'), 'utf8')).trim().split('\n').length - 1;
    expect(listed).toBeGreaterThan(1000);
    const mismatches = await db.all<Record<string, unknown>>(`
      with f as (select feed, source_row::bigint as source_row, expected_reason from read_csv(${sqlString(join(dir, 'in', 'faults.csv'))}, header = true, all_varchar = true)),
           q as (select feed, source_row, reason from quarantine)
      select coalesce(f.feed, q.feed) as feed, coalesce(f.source_row, q.source_row) as source_row, f.expected_reason, q.reason
      from f full join q on f.feed = q.feed and f.source_row = q.source_row
      where f.expected_reason is distinct from q.reason
      order by all limit 20`);
    expect(mismatches).toEqual([]);
    const { n } = await db.one<{ n: number }>(`select count(*)::int n from quarantine`);
    expect(n).toBe(listed);
  });

  it('reconciles every feed: in = attributed + outside + quarantined + non-attributable ledger lines, to the penny', async () => {
    const rows = await db.all<{ feed: string; diff: number; quarantined: number }>(`
      select feed, sum(in_gbp - attributed_gbp - outside_gbp - quarantined_gbp - non_attributable_gbp)::double as diff, sum(quarantined_gbp)::double as quarantined
      from reconciliation where pathway_id = 'knee-replacement' group by feed order by feed`);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r.diff).toBe(0);
    // Negative and absurd costs are set aside with their money, so the quarantined pounds are visible.
    expect(rows.find((r) => r.feed === 'apc_spells')!.quarantined).not.toBe(0);
  });
});
