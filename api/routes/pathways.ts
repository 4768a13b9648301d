// GET /api/pathways, /api/pathways/:id and /api/labels
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Labels, PathwayDetail, PathwayList, PathwayParams } from '../../schemas/api/pathways.ts';
import { KEYED } from '../openapi.ts';
import { getPathway, listLabels, listPathways } from '../repositories/pathways.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const pathwayRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/pathways',
    { schema: { tags: ['pathways'], summary: 'Pathways built, with their steps, providers and months', security: KEYED, response: { 200: PathwayList, ...errors(...KEYED_ERRORS) } } },
    (req) => listPathways(req.build.db),
  );
  app.get(
    '/api/pathways/:id',
    { schema: { tags: ['pathways'], summary: 'One pathway definition as the build used it', security: KEYED, params: PathwayParams, response: { 200: PathwayDetail, ...errors(...KEYED_ERRORS, 404) } } },
    (req) => getPathway(req.build.db, req.params),
  );
  app.get(
    '/api/labels',
    { schema: { tags: ['pathways'], summary: 'Labels for settings, feeds and quarantine reasons (step labels are in /api/pathways)', security: KEYED, response: { 200: Labels, ...errors(...KEYED_ERRORS) } } },
    () => listLabels(),
  );
};
