// GET /api/flows: how a provider's (or the ICB's) episodes move through the steps — the moves between steps with
// the cost at the step moved to, and the most common sequences — as published in step_transition and step_sequence.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { StepSequence, StepTransition } from '../tables/step-flows.ts';
import { PathwayId, ProviderCode } from './common.ts';

export const FlowsQuery = z.strictObject({
  pathway: PathwayId,
  provider: ProviderCode.default('ICB').describe('Anchor provider, or ICB (the default) for all providers.'),
});
export type FlowsQuery = z.infer<typeof FlowsQuery>;

export const FlowTransitionRow = zodRow(StepTransition).meta({ id: 'FlowTransitionRow' });
export const FlowSequenceRow = zodRow(StepSequence).meta({ id: 'FlowSequenceRow' });

export const Flows = z
  .object({
    pathway_id: z.string(),
    provider_code: z.string(),
    withheld: z
      .boolean()
      .describe('True when no move of this provider is published: a rare move could not be hidden with any other (the summary’s step counts would give it away), or the ICB row less the providers shown would give a withheld provider’s moves away, so none is shown.'),
    transitions: z.array(FlowTransitionRow).describe('Every move, first arrivals and returns, most episodes first (hidden moves last).'),
    sequences: z.array(FlowSequenceRow).describe('The most common sequences shown, then "other".'),
  })
  .meta({ id: 'Flows' });
export type Flows = z.infer<typeof Flows>;
