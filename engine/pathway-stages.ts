// Stages 5–7 for a set of pathways, over a priced `activity` table already in DuckDB: episodes, attribution,
// episode totals, step costs, attribution rows, reconciliation, summary, variation and the cost-basis mix.
import { createTableSql } from '../schemas/define.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../schemas/disclosure.ts';
import type { PathwayDefinition } from '../schemas/pathway.ts';
import { ActivityAttribution, CasemixModel, ComparisonExclusion, Episode, EpisodeStepCost, LedgerReconciliation, PathwayDefinitionTable, PathwaySummary, ProviderCostBasisMix, Reconciliation, Variation } from '../schemas/tables/index.ts';
import { type ComparisonExclusions, type ComparisonTarget, DEFAULT_COMPARISON_EXCLUSIONS } from '../schemas/tables/variation.ts';
import type { Db } from './db.ts';
import { buildEpisodes } from './stages/05-episodes/index.ts';
import { attributeActivities } from './stages/06-attribute/index.ts';
import { buildActivityTotals } from './stages/07-aggregate/data-quality.ts';
import { SCOPE_PATIENTS } from './stages/03-normalise/index.ts';
import { ACTIVITY_IN_SCOPE } from './stages/04-price/index.ts';
import { ensureProviderMff } from './stages/04-price/mff.ts';
import { finishEpisodes, icbOverheadRate } from './stages/07-aggregate/episode-totals.ts';
import { DEFAULT_LEDGER_TOLERANCE, reconcileLedgerCost } from './stages/07-aggregate/ledger-reconciliation.ts';
import { publishAttribution, reconcile } from './stages/07-aggregate/reconciliation.ts';
import { buildCostBasisMix } from './stages/07-aggregate/cost-basis-mix.ts';
import { buildStepCost } from './stages/07-aggregate/step-cost.ts';
import { buildSummary } from './stages/07-aggregate/summary.ts';
import { buildVariation } from './stages/07-aggregate/variation.ts';

export interface PathwayStageOptions {
  /** Last day every feed covers; later window ends make an episode provisional. */
  coverageEnd: string;
  fromMonth?: string;
  toMonth?: string;
  /** Smallest count published (schemas/disclosure.ts). */
  suppressionThreshold?: number;
  /** The opportunity target (default: the median of the shown providers' adjusted means). */
  target?: ComparisonTarget;
  /** Episodes left out of the provider comparison (default DEFAULT_COMPARISON_EXCLUSIONS). */
  comparisonExclusions?: ComparisonExclusions;
  /** The build's --price-year, when every price was restated to it. */
  priceYear?: string;
  /** Share of a provider-month's ledger amount its patient-level cost may differ by before data_quality reports it. */
  ledgerTolerance?: number;
  /** Called around each stage, for progress and timing. */
  stage?: <T>(name: 'episodes' | 'attribute' | 'aggregate', work: () => Promise<T>) => Promise<T>;
}

export async function createPathwayTables(db: Db, definitions: PathwayDefinition[]): Promise<void> {
  for (const spec of [Episode, EpisodeStepCost, ActivityAttribution, Reconciliation, LedgerReconciliation, PathwaySummary, Variation, CasemixModel, ComparisonExclusion, ProviderCostBasisMix, PathwayDefinitionTable]) {
    await db.run(createTableSql(spec));
  }
  for (const def of definitions) {
    await db.run(`insert into pathway_definition values ($id, $name, $version, $json)`, { id: def.id, name: def.name, version: def.version, json: JSON.stringify(def) });
  }
}

/**
 * The priced rows of patients with an episode, materialised once: attribution and the published activity read
 * these few rows. In a build each feed's scan is filtered to them (activity_in_scope) rather than pricing every
 * row of every feed again through the activity view.
 */
async function selectActivityInScope(db: Db, episodeTables: string[]): Promise<void> {
  const patients = episodeTables.map((t) => `select patient_id from ${t}`).join(' union ');
  await db.run(`create or replace table ${SCOPE_PATIENTS} as ${patients}`);
  const source = (await db.exists(ACTIVITY_IN_SCOPE)) ? ACTIVITY_IN_SCOPE : `activity where patient_id in (select patient_id from ${SCOPE_PATIENTS})`;
  await db.run(`create or replace table activity_scope as select * from ${source}`);
}

export async function computePathways(db: Db, definitions: PathwayDefinition[], options: PathwayStageOptions): Promise<void> {
  const stage = options.stage ?? ((_name, work) => work());
  await createPathwayTables(db, definitions);
  const overheadRate = await icbOverheadRate(db);
  // A build has them from its price stage; a caller that priced activity itself gets them here (annual cohorts
  // read the first month of data from them).
  if (!(await db.exists('activity_totals'))) await buildActivityTotals(db);
  await stage('episodes', async () => {
    for (const [i, def] of definitions.entries()) {
      await buildEpisodes(db, def, `episodes_${i}`, { coverageEnd: options.coverageEnd });
      if (options.fromMonth || options.toMonth) {
        await db.run(`delete from episodes_${i} where month < $from or month > $to`, { from: options.fromMonth ?? '0000-00', to: options.toMonth ?? '9999-99' });
      }
    }
  });
  await stage('attribute', async () => {
    await selectActivityInScope(db, definitions.map((_, i) => `episodes_${i}`));
    await ensureProviderMff(db);
    for (const [i, def] of definitions.entries()) await attributeActivities(db, def, `episodes_${i}`, `attributed_${i}`);
  });
  await stage('aggregate', async () => {
    for (const [i, def] of definitions.entries()) {
      await finishEpisodes(db, `episodes_${i}`, `attributed_${i}`, overheadRate);
      await buildStepCost(db, `attributed_${i}`);
      await publishAttribution(db, `attributed_${i}`);
      await reconcile(db, def.id, `episodes_${i}`);
    }
    await reconcileLedgerCost(db, options.ledgerTolerance ?? DEFAULT_LEDGER_TOLERANCE);
    const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
    await buildSummary(db, threshold);
    const exclusions = options.comparisonExclusions ?? { ...DEFAULT_COMPARISON_EXCLUSIONS, byPathway: Object.fromEntries(definitions.map((d) => [d.id, d.comparison.exclude_flags])) };
    await buildVariation(db, { threshold, target: options.target, exclusions, priceYear: options.priceYear });
    await buildCostBasisMix(db, threshold);
  });
}
