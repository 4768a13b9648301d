// Episodes for comparison tests, inserted with bound parameters into a fresh in-memory database: one cell of
// case mix unless told otherwise, the same cost on every basis, and a step row each so the summary (whose hidden
// providers the comparison starts from) sees them.
import { createTableSql } from '../../schemas/define.ts';
import { CasemixModel, ComparisonExclusion, Episode, EpisodeStepCost, PathwaySummary, Reconciliation, Variation } from '../../schemas/tables/index.ts';
import type { ComparisonExclusions, ComparisonTarget } from '../../schemas/tables/variation.ts';
import { type Db, listParam } from '../../engine/db.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { buildVariation } from '../../engine/stages/07-aggregate/variation.ts';
import { loadReference } from '../../engine/reference.ts';

export interface EpisodeOptions {
  month?: string;
  band?: string;
  imd?: number | null;
  sex?: string | null;
  age?: number | null;
  status?: 'complete' | 'provisional';
  flags?: string[];
  /** Prefix of the episode ids (default the provider): two calls for one provider need two. */
  id?: string;
}

export async function createComparisonTables(db: Db): Promise<void> {
  // the summary reads the reconciliation (empty here: it publishes no sum the summary must count as known)
  for (const spec of [Episode, EpisodeStepCost, PathwaySummary, Variation, CasemixModel, ComparisonExclusion, Reconciliation]) await db.run(createTableSql(spec));
}

export async function insertEpisodes(db: Db, provider: string, costs: number[], o: EpisodeOptions = {}): Promise<void> {
  const month = o.month ?? '2024-06';
  for (const [i, cost] of costs.entries()) {
    const id = `${o.id ?? provider}-${i}`;
    const age = o.age === undefined ? 70 : o.age;
    await db.run(
      `insert into episode by name select $id as episode_id, 'knee' as pathway_id, $id as patient_id, $id as anchor_source_id, $p as anchor_provider_code,
         ($month || '-01')::date as anchor_start, ($month || '-04')::date as anchor_end, date '2023-06-02' as window_start, date '2024-08-31' as window_end, $month as month,
         3 as los_days, $age::integer as age, case when $age::integer is null then '85+' else '65-74' end as age_band, $sex::varchar as sex, $imd::integer as imd_quintile,
         $band as complication_band, $status as status, ${o.flags?.length ? '$flags' : '[]::varchar[]'} as flags,
         $c::decimal(18,2) as total_cost_gbp, $c::decimal(18,2) as condition_cost_gbp, $c::decimal(18,2) as standardised_cost_gbp, $c::decimal(18,2) as overhead_standardised_cost_gbp, $c::decimal(18,2) as mff_neutral_cost_gbp`,
      { id, p: provider, c: cost, month, age, sex: o.sex === undefined ? '2' : o.sex, imd: o.imd === undefined ? 3 : o.imd, band: o.band ?? 'E', status: o.status ?? 'complete', flags: listParam(o.flags ?? []) },
    );
    await db.run(
      `insert into episode_step_cost by name select $id as episode_id, 'knee' as pathway_id, 'surgery' as step, 'acute' as setting, $p as provider_code, 'total' as resource,
         'plics_actual' as cost_basis, true as condition_related, $c::decimal(18,2) as cost_gbp, $c::decimal(18,2) as standardised_cost_gbp, 3 as units, 'bed_days' as unit, 1 as activities`,
      { id, p: provider, c: cost },
    );
  }
}

/** Variation takes its hidden providers from the summary's disclosure cells, so the summary comes first. */
export async function compare(db: Db, options: { threshold?: number; target?: ComparisonTarget; exclusions?: ComparisonExclusions; priceYear?: string } = {}): Promise<void> {
  const threshold = options.threshold ?? 8;
  // the NHS cost inflation index restates episodes of other years to one (stage 4 loads it in a build)
  await loadReference(db);
  await buildSummary(db, threshold);
  await buildVariation(db, { ...options, threshold });
}
