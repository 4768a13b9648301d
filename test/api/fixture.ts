// A tiny build written by hand, shaped exactly as schemas/tables, so expected numbers can be worked out:
//
// knee-replacement, episode i of each anchor provider (steps per episode):
//   surgery          acute      anchor provider  £5,000
//   gp_consultations primary    A81001           £200, not condition-related (every episode: were a few, the summary
//                                                 would hide the cells whose actual less condition £ is theirs)
//   community_rehab  community  RY1              RAA £800 + £100·i, RBB £1,800 + £200·i, RCC £3,800 + £50·i
//   readmission      acute      anchor provider  £1,500 (a complication: condition-related), RAA episodes 1–3 only
// RAA 12 episodes: total = 12 × £6,000 + £100 × 78 + 3 × £1,500 = £84,300, mean £7,025
// RBB  9 episodes: total =  9 × £7,000 + £200 × 45           = £72,000, mean £8,000
// RCC  5 episodes: total =  5 × £9,000 + £50 × 15            = £45,750 (suppressed: n = 5)
// RDD  2 episodes: total =  2 × £9,000 + £50 × 3             = £18,150 (suppressed: n = 2)
// ICB 28 episodes: total £220,200
// Two small providers, so the ICB row needs no complementary provider at all months; every provider-month is
// small (so hidden), and RAA's three readmissions hide its readmission cells and their complements.
// Odd i anchor in 2024-04, even i in 2024-05. Standardised cost = 0.9 × actual. hip-replacement: RAA only.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Db } from '../../engine/db.ts';
import { loadPathways } from '../../engine/pathways.ts';
import { buildCostBasisMix } from '../../engine/stages/07-aggregate/cost-basis-mix.ts';
import { buildStepFlows, collectFlowVisits, createFlowVisits } from '../../engine/stages/07-aggregate/step-flows.ts';
import { buildSummary } from '../../engine/stages/07-aggregate/summary.ts';
import { discloseReconciliation } from '../../engine/disclosure/reconciliation-cells.ts';
import { createTableSql, type TableSpec } from '../../schemas/define.ts';
import { OUTPUT_TABLES } from '../../schemas/tables/index.ts';
import { Manifest, PathwayDefinitionTable } from '../../schemas/tables/manifest.ts';

export const RUN_ID = 'fixture-run-0001';
/** The fixture's build hides counts 1–7 unless told otherwise. */
export const THRESHOLD = 8;
const ROOT = new URL('../../', import.meta.url);

const EPISODES = `
insert into episode by name
with p(code, n, pathway) as (values ('RAA', 12, 'knee-replacement'), ('RBB', 9, 'knee-replacement'), ('RCC', 5, 'knee-replacement'), ('RDD', 2, 'knee-replacement'), ('RAA', 8, 'hip-replacement')),
e as (
  select p.*, i::integer as i, (case when i % 2 = 1 then date '2024-04-01' else date '2024-05-01' end) + i::integer as anchor_start
  from p, range(1, 13) r(i) where i <= p.n
)
select pathway || ':' || code || '-' || lpad(i::varchar, 2, '0') as episode_id, pathway as pathway_id,
  'PAT-' || left(pathway, 1) || code || lpad(i::varchar, 2, '0') as patient_id, 'SP-' || code || i as anchor_source_id,
  code as anchor_provider_code, 'A81001' as practice_code, anchor_start, anchor_start + 3 as anchor_end,
  anchor_start - 365 as window_start, anchor_start + 3 + 89 as window_end, strftime(anchor_start, '%Y-%m') as month,
  3 as los_days, 60 + i as age, '60-69' as age_band, (1 + i % 2)::varchar as sex, 1 + i % 10 as imd_decile, 1 + (i % 10) // 2 as imd_quintile,
  'CC 0-1' as complication_band,
  case when code = 'RAA' and i = 12 then 'provisional' else 'complete' end as status,
  case when code = 'RAA' and i <= 3 and pathway = 'knee-replacement' then ['readmitted'] else []::varchar[] end as flags,
  0 as total_cost_gbp, 0 as condition_cost_gbp, 0 as standardised_cost_gbp, 0 as overhead_standardised_cost_gbp, 0 as mff_neutral_cost_gbp
from e`;

const STEP_COSTS = `
insert into episode_step_cost by name
with e as (select *, right(episode_id, 2)::integer as i from episode),
s as (
  select episode_id, pathway_id, 'surgery' as step, 'acute' as setting, anchor_provider_code as provider_code, 'plics_actual' as cost_basis, true as cr,
    case when pathway_id = 'hip-replacement' then 6000 else 5000 end as cost, 3 as units, 'bed_days' as unit from e
  union all select episode_id, pathway_id, 'gp_consultations', 'primary', 'A81001', 'staff_time', false, 200, 20, 'gp_minutes' from e
  union all select episode_id, pathway_id, 'community_rehab', 'community', 'RY1', 'national_unit_cost', true,
    case anchor_provider_code when 'RAA' then 800 + 100 * i when 'RBB' then 1800 + 200 * i else 3800 + 50 * i end, 4, 'contacts'
    from e where pathway_id = 'knee-replacement'
  union all select episode_id, pathway_id, 'readmission', 'acute', anchor_provider_code, 'plics_actual', true, 1500, 2, 'bed_days'
    from e where pathway_id = 'knee-replacement' and anchor_provider_code = 'RAA' and i <= 3
)
select episode_id, pathway_id, step, setting, provider_code, 'total' as resource, cost_basis, cr as condition_related,
  cost as cost_gbp, 0.9 * cost as standardised_cost_gbp, units, unit, 1 as activities
from s`;

const TOTALS = `
update episode set total_cost_gbp = t.total, standardised_cost_gbp = t.std, condition_cost_gbp = t.cond, overhead_standardised_cost_gbp = t.total, mff_neutral_cost_gbp = t.total
from (select episode_id, sum(cost_gbp) as total, sum(standardised_cost_gbp) as std, sum(cost_gbp) filter (where condition_related) as cond
      from episode_step_cost group by episode_id) t
where t.episode_id = episode.episode_id`;

const FEED = `case setting when 'acute' then 'apc_spells' when 'primary' then 'gp_appointments' else 'community_contacts' end`;
const DAY = `case step when 'surgery' then e.anchor_start when 'gp_consultations' then e.anchor_start - 100 when 'community_rehab' then e.anchor_end + 10 else e.anchor_end + 12 end`;

const ACTIVITY = `
insert into activity by name
select ${FEED} as feed, s.episode_id || ':' || step as source_id, 1 as source_row, e.patient_id, setting,
  case step when 'surgery' then 'apc_elective' when 'readmission' then 'apc_emergency' when 'gp_consultations' then 'gp_appointment' else 'community_contact' end as activity_type,
  provider_code, ${DAY} as start_date, ${DAY} + case when setting = 'acute' then 3 else 0 end as end_date,
  case when step = 'surgery' then 'HN22C' end as hrg, case when step = 'surgery' then 'W401' end as primary_procedure,
  s.cost_gbp, s.cost_gbp as nominal_cost_gbp, s.standardised_cost_gbp, cost_basis, '2024/25' as price_year,
  case cost_basis when 'plics_actual' then 'apc_spells' when 'staff_time' then 'PSSRU 2024 GP per minute' else 'NCC 2024/25' end as price_source,
  units, unit
from episode_step_cost s join episode e using (episode_id)`;

const ATTRIBUTION = `
insert into activity_attribution by name
select s.pathway_id, ${FEED} as feed, s.episode_id || ':' || step as source_id, e.patient_id, s.episode_id, step,
  case when step = 'surgery' then 'anchor' when step = 'gp_consultations' then 'pre' else 'post' end as phase,
  condition_related, step = 'readmission' as is_complication, 1.0 as share, s.cost_gbp,
  strftime(${DAY}, '%Y-%m') as month, provider_code
from episode_step_cost s join episode e using (episode_id)`;

// A row the engine "forgot" to suppress (n = 3 with money): the API must hide it anyway.
const UNMARKED = `insert into pathway_summary values ('knee-replacement', 'RCC', '2024-04', 'surgery', 'acute', 'actual', 3, 3, 15000, 5000, 5000, 5000, 5000, 5000, 5000, false)`;

const VARIATION = `
insert into variation by name
select * from (values
  ('knee-replacement', 'RAA', 'actual', 'raw', 12, 7025.00, 7400.00, 0.9493, 0.82, 1.18, 0.72, 1.28, 'within', 'median', 7500.00, 7900.00, 0.00, false),
  ('knee-replacement', 'RBB', 'actual', 'raw', 9, 8000.00, 7600.00, 1.0526, 0.79, 1.21, 0.68, 1.32, 'within', 'median', 8300.00, 7900.00, 3469.88, false),
  ('knee-replacement', 'RCC', 'actual', 'raw', 5, 9150.00, 7700.00, 1.1883, 0.70, 1.30, 0.55, 1.45, 'within', 'median', 9000.00, 7900.00, 5591.67, false),
  ('knee-replacement', 'RDD', 'actual', 'raw', 2, 9075.00, 7700.00, 1.1786, 0.60, 1.40, 0.45, 1.55, 'within', 'median', 8900.00, 7900.00, 2039.33, false)
) v(pathway_id, provider_code, basis, view, n_episodes, observed_mean_gbp, expected_mean_gbp, oe_ratio, lower_95, upper_95, lower_998, upper_998, outlier, target, adjusted_mean_gbp, target_gbp, opportunity_gbp, suppressed)`;

const RECONCILIATION = `
insert into reconciliation by name
select pathway_id, feed, provider_code, month, sum(cost_gbp) as in_gbp, sum(cost_gbp) filter (where episode_id is not null) as attributed_gbp,
  0 as outside_gbp, 0 as quarantined_gbp, 0 as non_attributable_gbp, 0 as difference_gbp
from activity_attribution group by all`;

const DATA_QUALITY = `
insert into data_quality values
  ('apc_spells', '2024-04', 'rows_clean', 1234, null),
  ('apc_spells', '2024-05', 'rows_clean', 5, null),
  ('ae_attendances', 'all', 'missing_feed', 1, 'no file for this feed: its cost is unknown, not zero'),
  ('apc_spells', 'all', 'absent_column:tfc', 1, 'the extract has no tfc column: every row reads it as empty'),
  ('apc_spells', '2024-04', 'quarantined_without_cost', 2, 'quarantined rows whose cost could neither be read nor priced (first: line 7): their £ is unknown, not zero'),
  ('apc_spells', '2024-04', 'quarantined:bad_code', 3, '3 rows with an unknown OPCS-4 code'),
  ('apc_spells', '2024-04', 'coverage', 0.72, '72% of typical volume — light month'),
  ('gp_appointments', '2024-04', 'unlinked_patients', 0, null),
  ('cost_ledger', '2024-05', 'ledger_gap:RAA', 3.5, 'RAA: supplied patient-level cost £103.50 against the ledger''s £100.00 (+3.5%), beyond the 1.0% tolerance: see ledger_reconciliation')`;

const LEDGER = `
insert into ledger_reconciliation values
  ('RAA', '2024-04', 100.00, 180.00, 100.00, 0.00, 0.0, 0.01, true),
  ('RAA', '2024-05', 103.50, 150.00, 100.00, 3.50, 0.035, 0.01, false),
  ('RBB', '2024-04', 0.00, 0.00, 0.00, 0.00, null, 0.01, true)`;

const MANIFEST = `insert into manifest values ($run, '0.1.0', '2025-01-31T12:00:00Z', '2024-04,2024-05', ['hip-replacement', 'knee-replacement'], $threshold, $json)`;

// The attribution rows with their activity's date, as stage 6 hands them to the flows.
const FLOW_SOURCE = `
create temp view flow_source as
select t.pathway_id, t.episode_id, t.step, a.start_date, t.cost_gbp as attributed_gbp, t.feed, t.source_id
from activity_attribution t join activity a using (feed, source_id)`;

/**
 * Moves, from the engine's own stage: knee episodes go GP → surgery → rehab → end, RAA 1–3 by an emergency
 * readmission after rehab (rehab on day 13, readmission on day 15); hip episodes GP → surgery → end.
 */
async function buildFlows(db: Db, threshold: number): Promise<void> {
  await db.run(FLOW_SOURCE);
  await createFlowVisits(db);
  for (const def of await loadPathways(undefined, ['knee-replacement', 'hip-replacement'])) await collectFlowVisits(db, def, 'flow_source');
  await buildStepFlows(db, threshold);
}

/** Writes DIR/pathcost.duckdb and returns its folder. */
export async function buildFixture(dir: string, threshold = THRESHOLD): Promise<string> {
  await mkdir(dir, { recursive: true });
  const db = await Db.open({ path: join(dir, 'pathcost.duckdb') });
  try {
    for (const spec of [...OUTPUT_TABLES, Manifest, PathwayDefinitionTable] as TableSpec[]) await db.run(createTableSql(spec));
    for (const sql of [EPISODES, STEP_COSTS, TOTALS, ACTIVITY, ATTRIBUTION]) await db.run(sql);
    // The summary and its hidden cells come from the engine's own stage, as in a build: after the reconciliation's
    // disclosure, whose shown sums the summary counts as published.
    await db.run(RECONCILIATION);
    await discloseReconciliation(db, threshold);
    await buildSummary(db, threshold);
    await buildCostBasisMix(db, threshold);
    await buildFlows(db, threshold);
    for (const sql of [UNMARKED, VARIATION, DATA_QUALITY, LEDGER]) await db.run(sql);
    await db.run(MANIFEST, { run: RUN_ID, threshold, json: JSON.stringify({ run_id: RUN_ID, row_counts: { episode: 36 } }) });
    for (const id of ['knee-replacement', 'hip-replacement']) {
      const json = await readFile(new URL(`pathways/${id}.json`, ROOT), 'utf8');
      const def = JSON.parse(json) as { name: string; version: string };
      await db.run('insert into pathway_definition values ($id, $name, $version, $json)', { id, name: def.name, version: def.version, json });
    }
    await db.run('checkpoint');
  } finally {
    db.close();
  }
  return dir;
}

// `npx tsx test/api/fixture.ts DIR` writes the fixture for trying the server by hand.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/test\//, '/test/'))) {
  const dir = process.argv[2] ?? 'out/api-fixture';
  await buildFixture(dir);
  console.log(`fixture written to ${dir}/pathcost.duckdb`);
}
