// Issue 16, "one outlier crashes the monthly build": a real build where a knee replacement is followed by a long
// emergency stay costing £490,000 (within the £500,000 absurd-value cap on a spell) completes, and the winsorised
// view caps that episode at its pathway's 99th percentile, checked against a percentile worked out here. The
// build restates prices to one year (--price-year), so the comparison's costs are the episodes' own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../engine/build.ts';
import { Db, sqlString } from '../../engine/db.ts';
import { generateSampleData } from '../../sample-data/generate.ts';
import { meanGbp, winsorBounds } from '../helpers/extreme-cases.ts';

const READMISSION_GBP = 490_000;
let dir: string;
let db: Db;
let outlier: string;

/** Adds the emergency stay to apc_spells.csv: admitted 3 days after the discharge of a knee replacement, for 57 nights. */
async function addLongEmergencyStay(input: string): Promise<string> {
  const work = await Db.open();
  try {
    const file = sqlString(join(input, 'apc_spells.csv'));
    await work.run(`create table spells as select * from read_csv(${file}, all_varchar = true, header = true)`);
    const anchor = await work.one<{ spell_id: string }>(
      `select spell_id from spells where admission_method = '11' and procedures like 'W401%' and hrg = 'HN22B' order by spell_id limit 1`);
    await work.run(
      `insert into spells select * replace ('XREADMIT' as spell_id, '21' as admission_method, strftime(discharge_date::date + 3, '%Y-%m-%d') as admission_date,
         strftime(discharge_date::date + 60, '%Y-%m-%d') as discharge_date, 'T845' as diagnoses, null as procedures, 'HT12A' as hrg, $cost as cost_gbp,
         null as tariff_gbp, null as cost_staff, null as cost_theatre, null as cost_ward, null as cost_drugs, null as cost_devices, null as cost_diagnostics, null as cost_overheads)
       from spells where spell_id = $id`,
      { id: anchor.spell_id, cost: READMISSION_GBP.toFixed(2) },
    );
    await work.run(`copy spells to ${file} (header)`);
    return `knee-replacement:${anchor.spell_id}`;
  } finally {
    work.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathcost-outlier-'));
  const input = join(dir, 'in');
  await generateSampleData({ patients: 1000, seed: 3, out: input, format: 'csv', faults: 0, from: '2023-04-01', to: '2025-03-31', cohortBoost: 100 });
  outlier = await addLongEmergencyStay(input);
  // the outlier's provider must be shown: at the default threshold its few episodes left out of the comparison hide it
  await build({ input, out: join(dir, 'out'), asOf: '2026-01-01', priceYear: '2024/25', suppressionThreshold: 2 });
  db = await Db.open({ path: join(dir, 'out', 'pathcost.duckdb'), readOnly: true });
}, 180_000);

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

interface EpisodeCost {
  episode_id: string;
  provider: string;
  year: string;
  band: string;
  cost: number;
}

describe('a build with an episode 25× the others’ mean cost', () => {
  let episodes: EpisodeCost[];
  let me: EpisodeCost;
  beforeAll(async () => {
    // the compared episodes (complete, no death in the window, no same-spell bilateral) and their financial year (April to March)
    episodes = await db.all<EpisodeCost>(`select episode_id, anchor_provider_code provider, complication_band band, total_cost_gbp::double as cost,
        (year(anchor_start) - case when month(anchor_start) < 4 then 1 else 0 end)::varchar as year
      from episode where pathway_id = 'knee-replacement' and status = 'complete' and not list_has_any(flags, ['died_in_window', 'bilateral_same_spell'])`);
    me = episodes.find((e) => e.episode_id === outlier)!;
    expect(me).toBeDefined();
  });

  it('holds the outlier at 25× or more the other compared episodes’ mean cost', () => {
    expect(me.cost).toBeGreaterThan(READMISSION_GBP);
    const others = episodes.filter((e) => e !== me);
    const mean = others.reduce((s, e) => s + e.cost, 0) / others.length;
    expect(me.cost / mean).toBeGreaterThanOrEqual(25);
  });

  it('publishes the comparison for the pathway on every basis and view', async () => {
    const rows = await db.all<{ basis: string; view: string; n: number }>(
      `select basis, view, count(*)::int n from variation where pathway_id = 'knee-replacement' group by all order by all`);
    expect(rows.map((r) => `${r.basis}/${r.view}`)).toEqual(['actual/raw', 'actual/winsorised', 'condition/raw', 'condition/winsorised',
      'mff_neutral/raw', 'mff_neutral/winsorised', 'overhead_standardised/raw', 'overhead_standardised/winsorised', 'standardised/raw', 'standardised/winsorised']);
  });

  it('caps the outlier at the 99th percentile of its anchor’s financial year in the winsorised view', async () => {
    const year = episodes.filter((e) => e.year === me.year).map((e) => e.cost);
    const { hi } = winsorBounds(year);
    expect(me.cost).toBeGreaterThan(hi);
    // The provider's winsorised mean: every episode capped at its own year's percentiles, the outlier at `hi`.
    const capped = episodes.filter((e) => e.provider === me.provider).map((e) => {
      const { lo, hi: yearHi } = winsorBounds(episodes.filter((o) => o.year === e.year).map((o) => o.cost));
      return Math.min(Math.max(e.cost, lo), yearHi);
    });
    expect(capped).toContain(hi);
    const rows = await db.all<{ view: string; observed: number; n: number }>(
      `select view, observed_mean_gbp::double observed, n_episodes::int n from variation
       where pathway_id = 'knee-replacement' and basis = 'actual' and provider_code = $p order by view`, { p: me.provider });
    const mine = episodes.filter((e) => e.provider === me.provider).map((e) => e.cost);
    expect(rows[0]).toEqual({ view: 'raw', observed: meanGbp(mine), n: mine.length });
    expect(rows[1].view).toBe('winsorised');
    // Caps are rounded to the penny, so within a penny and the mean's rounding.
    expect(Math.abs(rows[1].observed - capped.reduce((s, v) => s + v, 0) / capped.length)).toBeLessThanOrEqual(0.015);
  });
});
