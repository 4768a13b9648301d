// GET /api/episodes and /api/episodes/:id — patient-level, for the clinician and admin roles only.
import { z } from 'zod';
import { zodRow } from '../define.ts';
import { Activity } from '../tables/activity.ts';
import { ActivityAttribution } from '../tables/activity-attribution.ts';
import { EPISODE_FLAG_NAMES, Episode } from '../tables/episode.ts';
import { EpisodeId, Month, PathwayId, Pagination, ProviderCode, columnsOf, page } from './common.ts';

export const EpisodesQuery = z
  .strictObject({
    pathway: PathwayId.optional(),
    provider: ProviderCode.optional().describe('Anchor provider.'),
    month: Month.optional().describe('Anchor month.'),
    status: z.enum(['complete', 'provisional']).optional(),
    flag: z.enum(EPISODE_FLAG_NAMES).optional().describe('Only episodes carrying this flag (see the episode’s flags column).'),
    ...Pagination,
  })
;
export type EpisodesQuery = z.infer<typeof EpisodesQuery>;

export const EpisodeParams = z.strictObject({ id: EpisodeId });
export type EpisodeParams = z.infer<typeof EpisodeParams>;

export const EpisodeRow = zodRow(Episode).meta({ id: 'EpisodeRow' });
export const EpisodePage = page(EpisodeRow, 'EpisodePage');

/** One attributed activity on the timeline: where its money went and how it was priced (provenance). */
export const TimelineItem = z
  .object({
    ...columnsOf(ActivityAttribution, ['feed', 'source_id', 'step', 'phase', 'condition_related', 'is_complication', 'share', 'cost_gbp']),
    ...columnsOf(Activity, ['setting', 'activity_type', 'provider_code', 'start_date', 'end_date', 'hrg', 'tfc', 'primary_procedure', 'primary_diagnosis', 'service_type', 'staff_role', 'cost_basis', 'price_year', 'price_source', 'price_ref', 'adjustment', 'unit']),
    activity_cost_gbp: z.number().describe('Priced cost of the whole activity row (cost_gbp is the share attributed here).'),
    standardised_cost_gbp: z.number().describe('Attributed share of the cost at national unit costs.'),
    units: z.number().describe('Attributed share of the physical units.'),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof TimelineItem>;

export const EpisodeDetail = z
  .object({ episode: EpisodeRow, timeline: z.array(TimelineItem).describe('Attributed activities by date.') })
  .meta({ id: 'EpisodeDetail' });
