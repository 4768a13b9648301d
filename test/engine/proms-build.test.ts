// Issue 22 on generated data: removing the PROMs feed changes no episode and no cost output (every cost table
// of a build with proms.csv equals the build without it, row for row), and the outcome tables of the build with
// it hold linked episodes at the generator's response rates.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';

let dir: string;
const out = (name: string) => join(dir, name, 'out');

/** Every table a build publishes that holds an episode or a pound. */
const COST_TABLES = ['episode', 'episode_step_cost', 'activity_attribution', 'pathway_summary', 'variation', 'casemix_model', 'comparison_exclusion', 'provider_cost_basis_mix', 'reconciliation', 'ledger_reconciliation'];

async function read<T = Record<string, unknown>>(name: string, sql: string): Promise<T[]> {
  const db = await Db.open({ path: join(out(name), 'pathcost.duckdb'), readOnly: true });
  try {
    return await db.all<T>(sql, {}, 1_000_000);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-proms-'));
  await generateSampleData({ patients: 500, seed: 5, out: join(dir, 'with', 'in'), format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 100 });
  await cp(join(dir, 'with', 'in'), join(dir, 'without', 'in'), { recursive: true });
  await rm(join(dir, 'without', 'in', 'proms.csv'));
  // linkage, not disclosure, is under test: at 8, providers of 500 patients with a few episodes missing a
  // questionnaire are hidden, and the ICB row with them
  for (const name of ['with', 'without']) await build({ input: join(dir, name, 'in'), out: out(name), asOf: '2026-01-01', suppressionThreshold: 2 });
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('removing the PROMs feed', () => {
  it.each(COST_TABLES)('changes no row of %s', async (table) => {
    const sql = `select * from ${table} order by all`;
    const withProms = await read('with', sql);
    expect(withProms.length).toBeGreaterThan(0);
    expect(await read('without', sql)).toEqual(withProms);
  });

  it('leaves every episode without PROMs and no outcome to publish', async () => {
    const statuses = await read<{ link_status: string }>('without', `select distinct link_status from episode_outcome`);
    expect(statuses).toEqual([{ link_status: 'no_record' }]);
    expect(await read('without', `select * from provider_outcome`)).toEqual([]);
  });
});

describe('the build with PROMs', () => {
  it('links about half of the eligible episodes, with about 70% participating', async () => {
    const [icb] = await read<{ n: number; preop: number; linked: number }>('with', `
      select sum(n_episodes)::integer as n, sum(n_preop)::integer as preop, sum(n_linked)::integer as linked from proms_linkage where provider_code = 'ICB'`);
    expect(icb.n).toBeGreaterThan(30);
    // generator: 70% return the pre-op questionnaire and 72% of those the post-op one (≈ 50%), 4% of which late
    expect(icb.preop / icb.n).toBeGreaterThan(0.55);
    expect(icb.preop / icb.n).toBeLessThan(0.85);
    expect(icb.linked / icb.n).toBeGreaterThan(0.35);
    expect(icb.linked / icb.n).toBeLessThan(0.62);
  });

  it('links each record to the admission the generator wrote it for', async () => {
    // the generator names a record PR + its episode number, and the episode's anchor spell APCX<number>-<j>
    const [links] = await read<{ n: number; wrong: number }>('with', `
      select count(*)::integer as n,
        count(*) filter (where o.proms_id <> 'PR' || lpad(regexp_extract(e.anchor_source_id, '^APCX([0-9]+)-', 1), 9, '0'))::integer as wrong
      from episode_outcome o join episode e using (pathway_id, episode_id) where o.proms_id is not null`);
    expect(links.n).toBeGreaterThan(30);
    expect(links.wrong).toBe(0);
  });
});
