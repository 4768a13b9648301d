import { Activity } from './activity.ts';
import { Quarantine } from './quarantine.ts';
import { Episode } from './episode.ts';
import { EpisodeStepCost } from './episode-step-cost.ts';
import { ActivityAttribution } from './activity-attribution.ts';
import { Reconciliation } from './reconciliation.ts';
import { LedgerReconciliation } from './ledger-reconciliation.ts';
import { DataQuality } from './data-quality.ts';
import { PathwaySummary } from './pathway-summary.ts';
import { Variation } from './variation.ts';
import { ProviderCostBasisMix } from './provider-cost-basis-mix.ts';
import { CasemixModel } from './casemix-model.ts';
import { ComparisonExclusion } from './comparison-exclusion.ts';
import { EpisodeOutcome, PromsLinkage, ProviderOutcome } from './proms-outcome.ts';
import { StepSequence, StepTransition } from './step-flows.ts';

export * from './activity.ts';
export * from './quarantine.ts';
export * from './manifest.ts';
export * from './proms-outcome.ts';
export { Episode, EpisodeStepCost, ActivityAttribution, Reconciliation, LedgerReconciliation, DataQuality, PathwaySummary, Variation, CasemixModel, ComparisonExclusion, ProviderCostBasisMix, StepTransition, StepSequence };

/** Output tables of a build, in the order they are produced. */
export const OUTPUT_TABLES = [Quarantine, Activity, Episode, ActivityAttribution, EpisodeStepCost, PathwaySummary, Variation, CasemixModel, ComparisonExclusion, ProviderCostBasisMix, StepTransition, StepSequence, EpisodeOutcome, PromsLinkage, ProviderOutcome, Reconciliation, LedgerReconciliation, DataQuality] as const;
