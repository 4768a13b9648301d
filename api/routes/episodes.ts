// GET /api/episodes and /api/episodes/:id — patient-level: clinician or admin only, never stored by browsers.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { EpisodeDetail, EpisodePage, EpisodeParams, EpisodesQuery } from '../../schemas/api/episodes.ts';
import { KEYED } from '../openapi.ts';
import { getEpisode, listEpisodes } from '../repositories/episodes.ts';
import { KEYED_ERRORS, errors } from './common.ts';

const config = { role: 'clinician', patientLevel: true } as const;

export const episodeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/episodes',
    { config, schema: { tags: ['episodes'], summary: 'Episodes, filtered and paged (clinician role)', security: KEYED, querystring: EpisodesQuery, response: { 200: EpisodePage, ...errors(...KEYED_ERRORS, 404) } } },
    (req) => listEpisodes(req.build.db, req.query),
  );
  app.get(
    '/api/episodes/:id',
    {
      config,
      schema: {
        tags: ['episodes'],
        summary: 'One episode and its timeline: each attributed activity with step, dates, setting, provider, cost, basis and provenance (clinician role)',
        security: KEYED,
        params: EpisodeParams,
        response: { 200: EpisodeDetail, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => getEpisode(req.build.db, req.params),
  );
};
