import { col, defineTable, required } from '../define.ts';

/** Node names around the steps: every episode's path starts at `start` and finishes at `end`. */
export const FLOW_START = 'start';
export const FLOW_END = 'end';
/** Kinds of move: the first arrival of an episode at a step, or a return to a step it had visited before. */
export const TRANSITION_KINDS = ['first', 'return'] as const;
/** Sequences published per pathway × provider (most common first); the rest are counted in one `other` row. */
export const TOP_SEQUENCES = 10;
export const OTHER_SEQUENCES = 'other';

const PATH_RULE =
  'An episode’s path is its attributed activity in date order (same-day ties in the order of the steps in the definition), by step, with consecutive activity of one step counted as one visit. Only steps that belong to a point of the pathway count: steps of phase "any" (e.g. prescribing, which runs alongside the whole window) and other_<setting> (activity no step rule matched) are left out.';

export const StepTransition = defineTable({
  name: 'step_transition',
  description: `How episodes move between the steps of a pathway, with the cost at the step they move to. ${PATH_RULE} A move to a step the episode had already visited is a return (a loop back: repeat imaging, back to the GP); every other move is a first arrival, so an episode arrives for the first time at each step it visits exactly once. Small numbers suppressed.`,
  grain: 'pathway × anchor provider (and ICB) × from step × to step × kind',
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider, or ICB for all providers.', required),
    from_step: col.string('Step the episode moves from, or "start" (before its first visit).', required),
    to_step: col.string('Step the episode moves to, or "end" (after its last visit).', required),
    kind: col.enum('first: the episode’s first arrival at to_step (the Sankey diagram); return: back to a step visited before (a loop, shown in the table).', TRANSITION_KINDS, required),
    n_episodes: col.integer('Episodes making this move at least once (null when suppressed).'),
    median_days: col.decimal('Median days from the last activity of the visit moved from to the first activity of the visit moved to (null for start and end, or when suppressed).'),
    to_cost_gbp: col.money('First arrivals: £ attributed to the step for the episodes making the move, every visit to it (returns included), so the first arrivals into a step add up to its £ in pathway_summary (actual basis, all-cause). Null for a return (its £ is in the first arrival) and when suppressed.'),
    mean_to_cost_gbp: col.money('to_cost_gbp per episode making the move.'),
    suppressed: col.boolean('True when the move is hidden: 1 to threshold − 1 episodes, the provider hidden in pathway_summary, or a complementary move hidden so that no hidden move can be worked out from the published totals (the ICB row; each step’s episodes in pathway_summary, which the first arrivals into it add up to; the moves out of a step).', required),
  },
});

export const StepSequence = defineTable({
  name: 'step_sequence',
  description: `The most common orders in which episodes reach the steps (each step at its first visit; ${PATH_RULE}), with their share of the episodes and the mean episode cost; the rest in one "other" row. Small numbers suppressed.`,
  grain: `pathway × anchor provider (and ICB) × sequence (the ${TOP_SEQUENCES} most common shown, then "other")`,
  columns: {
    pathway_id: col.string('Pathway.', required),
    provider_code: col.string('Anchor provider, or ICB for all providers.', required),
    rank: col.integer(`1 for the most common sequence shown; ${TOP_SEQUENCES + 1} at most, for "other".`, required),
    sequence: col.string('Steps in the order of their first visit, joined by " > ", or "other" for every episode whose sequence is not listed.', required),
    n_steps: col.integer('Steps in the sequence (null for "other").'),
    n_episodes: col.integer('Episodes following the sequence (null when suppressed).'),
    share: col.decimal('Share of the provider’s episodes, 0–1 to four places.'),
    mean_cost_gbp: col.money('Mean all-cause episode cost (actual basis) of those episodes.'),
    suppressed: col.boolean('True when hidden: a sequence is listed only when shown (its episodes at least the threshold, not hidden as a complement), and "other" is hidden with the provider when pathway_summary hides it. A provider lists no sequence when step_transition, less the sequences it would list, would leave one way only to split "other" into sequences and so give a small one away.', required),
  },
});
