// The cells a scenario works on, read from a published build attached as `build`: the baseline from
// episode_step_cost (money and units, no input re-read), the cube of baseline against scenario with the ICB and
// "all" margins, sized by the exact episodes of each cell for the disclosure rules, and the baseline's hidden
// cells held out of the changes.
import type { Db } from '../db.ts';
import { exactSum } from './changes.ts';

/** Finest cells of the build for one pathway: provider × step × setting × unit. */
export async function baselineCells(db: Db, table: string, pathway: string): Promise<void> {
  await db.run(
    `
create or replace temp table ${table} as
select provider_code, step, setting, unit, sum(cost_gbp)::double as gbp, sum(units)::double as units,
  sum(activities)::double as stays, count(distinct episode_id) as n_episodes, false as held
from build.episode_step_cost where pathway_id = $pathway group by all`,
    { pathway },
  );
}

const CUBE_KEYS = `coalesce(provider_code, 'ICB') as provider_code, coalesce(step, 'all') as step, coalesce(setting, 'all') as setting, coalesce(unit, 'all') as unit`;

const KEYS = ['provider_code', 'step', 'setting', 'unit'] as const;
const TOTAL: Record<(typeof KEYS)[number], string> = { provider_code: 'ICB', step: 'all', setting: 'all', unit: 'all' };

/**
 * Episodes of every cell and margin, exactly: one distinct count per combination of the keys (16 group-bys
 * over the distinct episode × cell pairs run 3× faster than one `group by cube` with a distinct count).
 */
function sizesSql(): string {
  const sets = Array.from({ length: 2 ** KEYS.length }, (_, mask) => {
    const rolled = (i: number) => ((mask >> i) & 1) === 1;
    const select = KEYS.map((k, i) => (rolled(i) ? `'${TOTAL[k]}' as ${k}` : k)).join(', ');
    const by = KEYS.filter((_, i) => !rolled(i));
    return `select ${select}, count(distinct episode_id) as n from scenario_touched${by.length ? ` group by ${by.join(', ')}` : ''}`;
  });
  return sets.join('\nunion all\n');
}

/** `scenario_sizes`: the exact episodes of every cell and margin of the build's pathway. */
export async function cellSizes(db: Db, pathway: string): Promise<void> {
  await db.run(
    `create or replace temp table scenario_touched as
     select distinct episode_id, provider_code, step, setting, unit from build.episode_step_cost where pathway_id = $pathway`,
    { pathway },
  );
  await db.run(`create or replace temp table scenario_sizes as ${sizesSql()}`);
}

/**
 * `scenario_cells`: every cell and margin with baseline and scenario £ and units, and its size (episodes; from
 * `scenario_sizes`, exact at every margin; for a cell only the scenario has, the episodes of the activity it
 * came from). Nothing hidden yet.
 */
export async function scenarioCube(db: Db, baseline: string, scenario: string): Promise<void> {
  await db.run(`
create or replace temp table scenario_cells as
with joined as (
  select provider_code, step, setting, unit, b.gbp as bg, b.units as bu, s.gbp as sg, s.units as su,
    coalesce(b.n_episodes, s.n_episodes) as n
  from ${baseline} b full join ${scenario} s using (provider_code, step, setting, unit)
), cube as (
  select ${CUBE_KEYS}, grouping(unit) = 0 as one_unit,
    coalesce(${exactSum('bg')}, 0) as baseline_gbp, coalesce(${exactSum('sg')}, 0) as scenario_gbp, coalesce(${exactSum('bu')}, 0) as baseline_units, coalesce(${exactSum('su')}, 0) as scenario_units,
    max(n) as n_fallback
  from joined group by cube (provider_code, step, setting, unit)
)
select c.* exclude (n_fallback), coalesce(z.n, c.n_fallback) as size, false as hide, false as locked
from cube c left join scenario_sizes z using (provider_code, step, setting, unit)`);
}

const MATCH_KEYS = (a: string, b: string) => KEYS.map((k) => `${a}.${k} = ${b}.${k}`).join(' and ');

/**
 * Keeps the hide flags `scenario_cells` has now (the baseline disclosed) as `scenario_pattern`, and holds the
 * hidden cells of `cells` out of the changes (`held`).
 */
export async function holdHiddenCells(db: Db, cells: string): Promise<void> {
  await db.run(`create or replace temp table scenario_pattern as select provider_code, step, setting, unit, hide from scenario_cells`);
  await db.run(`update ${cells} c set held = true from scenario_pattern p where p.hide and ${MATCH_KEYS('c', 'p')}`);
}

/** Hides in `scenario_cells` what the baseline's pattern hides; a cell only the scenario has is shown. */
export async function applyPattern(db: Db): Promise<void> {
  await db.run(`update scenario_cells c set hide = true from scenario_pattern p where p.hide and ${MATCH_KEYS('c', 'p')}`);
}
