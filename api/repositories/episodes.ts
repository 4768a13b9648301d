// Patient-level reads: a page of episodes, and one episode's timeline — each attributed activity with its
// step, dates, setting, provider, cost and how it was priced (joining activity_attribution to activity).
import type { EpisodeParams, EpisodesQuery, Page, TimelineItem } from '../../schemas/api/index.ts';
import { Episode } from '../../schemas/tables/episode.ts';
import { notFound } from '../errors.ts';
import type { ReadDb } from '../read-pool.ts';
import { opt, pageOrCount, selectColumns } from './sql.ts';

const FILTERED = `
  select * from episode
  where ($pathway is null or pathway_id = $pathway)
    and ($provider is null or anchor_provider_code = $provider)
    and ($month is null or $month = 'all' or month = $month)
    and ($status is null or status = $status)
    and ($flag is null or list_contains(flags, $flag))`;

const PAGE = `
with filtered as (${FILTERED})
select ${selectColumns(Episode)},
  (count(*) over ())::integer as _total
from filtered
order by episode_id
limit $limit offset $offset`;

const COUNT = `with filtered as (${FILTERED}) select count(*)::integer as n from filtered`;

const ONE = `select ${selectColumns(Episode)} from episode where episode_id = $id`;

const TIMELINE = `
select t.feed, t.source_id, t.step, t.phase, t.condition_related, t.is_complication,
  t.share::double as share, t.cost_gbp::double as cost_gbp,
  a.setting, a.activity_type, a.provider_code,
  strftime(a.start_date, '%Y-%m-%d') as start_date, strftime(a.end_date, '%Y-%m-%d') as end_date,
  a.hrg, a.tfc, a.primary_procedure, a.primary_diagnosis, a.service_type, a.staff_role,
  a.cost_basis, a.price_year, a.price_source, a.price_ref, a.adjustment, a.unit,
  a.cost_gbp::double as activity_cost_gbp,
  round(a.standardised_cost_gbp * t.share, 2)::double as standardised_cost_gbp,
  (a.units * t.share)::double as units
from activity_attribution t
join activity a on a.feed = t.feed and a.source_id = t.source_id
where t.episode_id = $id and t.pathway_id = $pathway
order by a.start_date, a.end_date, t.feed, t.source_id`;

export async function listEpisodes(db: ReadDb, q: EpisodesQuery): Promise<Page<Record<string, unknown>>> {
  const p = { pathway: opt(q.pathway), provider: opt(q.provider), month: opt(q.month), status: opt(q.status), flag: opt(q.flag) };
  const rows = await db.all<Record<string, unknown> & { _total: number }>(PAGE, { ...p, limit: q.limit, offset: q.offset });
  return pageOrCount(rows, q, async () => (await db.all<{ n: number }>(COUNT, p))[0].n);
}

export async function getEpisode(db: ReadDb, { id }: EpisodeParams) {
  const [episode] = await db.all<Record<string, unknown> & { pathway_id: string }>(ONE, { id });
  if (!episode) throw notFound('Episode');
  return { episode, timeline: await db.all<TimelineItem>(TIMELINE, { id, pathway: episode.pathway_id }) };
}
