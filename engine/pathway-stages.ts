// Stages 5–7 for a set of pathways, over stage 4's priced activity: episodes, attribution, episode totals, step
// costs, attribution rows, reconciliation, summary, variation, the cost-basis mix, step flows and the
// PROMs outcomes beside cost.
import { createCompactTableSql, createTableSql, quoteIdent } from '../schemas/define.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../schemas/disclosure.ts';
import type { PathwayDefinition } from '../schemas/pathway.ts';
import { ActivityAttribution, CasemixModel, ComparisonExclusion, Episode, EpisodeOutcome, EpisodeStepCost, LedgerReconciliation, PathwayDefinitionTable, PathwaySummary, PromsLinkage, ProviderCostBasisMix, ProviderOutcome, Reconciliation, StepSequence, StepTransition, Variation } from '../schemas/tables/index.ts';
import { type ComparisonExclusions, type ComparisonTarget, DEFAULT_COMPARISON_EXCLUSIONS } from '../schemas/tables/variation.ts';
import { type Db, inAnyOrder, sqlString } from './db.ts';
import type { StageTable } from './stage-table.ts';
import type { PricedActivity } from './stages/04-price/index.ts';
import { buildEpisodes } from './stages/05-episodes/index.ts';
import { attributeActivities, attributionVocabularies, selectActivityScope } from './stages/06-attribute/index.ts';
import { finishEpisodes, icbOverheadRate } from './stages/07-aggregate/episode-totals.ts';
import { DEFAULT_LEDGER_TOLERANCE, reconcileLedgerCost } from './stages/07-aggregate/ledger-reconciliation.ts';
import { publishAttribution, reconcile } from './stages/07-aggregate/reconciliation.ts';
import { buildCostBasisMix } from './stages/07-aggregate/cost-basis-mix.ts';
import { discloseReconciliation } from './disclosure/reconciliation-cells.ts';
import { buildStepCost } from './stages/07-aggregate/step-cost.ts';
import { buildStepFlows, collectFlowVisits, createFlowVisits } from './stages/07-aggregate/step-flows.ts';
import { buildSummary } from './stages/07-aggregate/summary.ts';
import { buildVariation } from './stages/07-aggregate/variation.ts';
import { buildOutcomes } from './stages/07-aggregate/proms-outcome.ts';

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
  await openCompressedDatabase(db);
  // the attribution rows are a few per cent of all activity: their pathway, step, feed and phase as ENUMs
  await db.run(createCompactTableSql(ActivityAttribution, `${COMPRESSED_DATABASE}.${quoteIdent(ActivityAttribution.name)}`, attributionVocabularies(definitions)));
  for (const spec of [Episode, EpisodeStepCost, Reconciliation, LedgerReconciliation, PathwaySummary, Variation, CasemixModel, ComparisonExclusion, ProviderCostBasisMix, StepTransition, StepSequence, PathwayDefinitionTable, EpisodeOutcome, PromsLinkage, ProviderOutcome]) {
    await db.run(createTableSql(spec));
  }
  for (const def of definitions) {
    await db.run(`insert into pathway_definition values ($id, $name, $version, $json)`, { id: def.id, name: def.name, version: def.version, json: JSON.stringify(def) });
  }
}

/**
 * The in-memory database that holds the attribution rows: it compresses what it holds at each checkpoint (one
 * after stage 6 has attributed every pathway's rows, one after each pathway's published rows are in). Plain, the 1M
 * library build's 3.4M published rows of 13 columns held 0.5 GB from stage 7 to publish, about half the memory of
 * every table then; compressed, about a tenth of that. Each pathway's `attributed_<n>` (the diabetes one 2.0M rows
 * of 29 columns) waits there for its turn in stage 7. It is on the connection's search path, so the tables are
 * named without it wherever they are read.
 */
export const COMPRESSED_DATABASE = 'compressed';

async function openCompressedDatabase(db: Db): Promise<void> {
  await db.run(`attach if not exists ':memory:' as ${COMPRESSED_DATABASE} (compress)`);
  const { main } = await db.one<{ main: string }>(`select current_database() as main`);
  await db.run(`set search_path = ${sqlString(`${main}.main,${COMPRESSED_DATABASE}.main`)}`);
}

/** What stages 5–7 read from the stages before them. */
export interface PathwayInputs {
  priced: PricedActivity;
  /** The checked patients feed. */
  patients: StageTable;
  /** The checked cost ledger feed (no rows when the input has none). */
  ledger: StageTable;
  /** The checked PROMs feed (no rows when the input has none). */
  proms: StageTable;
  /** The attached database stage 8 publishes into (`openStaging`): the scope's rows are stored there, once. */
  published: string;
}

/** What stages 5–7 hand to stage 8 beside their tables in the build's database. */
export interface PathwayOutputs {
  /** The priced rows in some episode window (stage 6), in the published database; stage 8 keeps those attributed. */
  activity: StageTable;
}

/**
 * Stages 5–7, with DuckDB free to store rows in any order: nothing they write is read in stored order (windows and
 * aggregates that need an order name it, and stage 8 sorts every published table), and keeping read order cost
 * a tenth of storing the library's scope.
 */
export async function computePathways(db: Db, definitions: PathwayDefinition[], inputs: PathwayInputs, options: PathwayStageOptions): Promise<PathwayOutputs> {
  return inAnyOrder(db, () => computeInAnyOrder(db, definitions, inputs, options));
}

async function computeInAnyOrder(db: Db, definitions: PathwayDefinition[], inputs: PathwayInputs, options: PathwayStageOptions): Promise<PathwayOutputs> {
  const stage = options.stage ?? ((_name, work) => work());
  const { priced } = inputs;
  await createPathwayTables(db, definitions);
  const overheadRate = await icbOverheadRate(db, priced.totals);
  await stage('episodes', async () => {
    for (const [i, def] of definitions.entries()) {
      await buildEpisodes(db, def, { activity: priced.unpriced, patients: inputs.patients, feedMonth: priced.feedMonth }, `episodes_${i}`, { coverageEnd: options.coverageEnd });
      if (options.fromMonth || options.toMonth) {
        await db.run(`delete from episodes_${i} where month < $from or month > $to`, { from: options.fromMonth ?? '0000-00', to: options.toMonth ?? '9999-99' });
      }
    }
  });
  const scope = await stage('attribute', async () => {
    const selected = await selectActivityScope(db, priced, definitions.map((def, i) => ({ def, episodes: `episodes_${i}` })), inputs.published);
    for (const [i, def] of definitions.entries()) await attributeActivities(db, def, { scope: selected, providerMff: priced.providerMff }, `episodes_${i}`, `${COMPRESSED_DATABASE}.attributed_${i}`);
    await db.run(`checkpoint ${COMPRESSED_DATABASE}`);
    return selected;
  });
  await stage('aggregate', async () => {
    await createFlowVisits(db);
    for (const [i, def] of definitions.entries()) {
      await finishEpisodes(db, `episodes_${i}`, `attributed_${i}`, overheadRate);
      await buildStepCost(db, `attributed_${i}`);
      await publishAttribution(db, `attributed_${i}`);
      // compressed now, the pathway's rows never sit uncompressed beside the next pathway's
      await db.run(`checkpoint ${COMPRESSED_DATABASE}`);
      await collectFlowVisits(db, def, `attributed_${i}`);
      // Nothing reads a pathway's attributed rows after this: dropped, the library's (2M rows for diabetes alone)
      // no longer hold memory through the rest of the build.
      await db.run(`drop table attributed_${i}`);
      await reconcile(db, def, { scope, totals: priced.totals, quarantine: priced.quarantine, ledger: inputs.ledger }, `episodes_${i}`);
    }
    await reconcileLedgerCost(db, { ledger: inputs.ledger, totals: priced.totals }, options.ledgerTolerance ?? DEFAULT_LEDGER_TOLERANCE);
    const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
    // before the summary, which locks the cells whose money the reconciliation's shown rows add up to
    await discloseReconciliation(db, threshold);
    await buildSummary(db, threshold);
    const exclusions = options.comparisonExclusions ?? { ...DEFAULT_COMPARISON_EXCLUSIONS, byPathway: Object.fromEntries(definitions.map((d) => [d.id, d.comparison.exclude_flags])) };
    await buildVariation(db, { threshold, target: options.target, exclusions, priceYear: options.priceYear });
    await buildCostBasisMix(db, threshold);
    await buildStepFlows(db, threshold);
    // after every cost output, which it only reads: PROMs change no episode and no pound
    await buildOutcomes(db, inputs.proms, definitions, { coverageEnd: options.coverageEnd, threshold });
  });
  return { activity: scope };
}
