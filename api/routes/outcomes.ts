// GET /api/outcomes and /api/proms-linkage — PROMs health gain beside cost, and how much of it is linked.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { LinkagePage, LinkageQuery, OutcomePage, OutcomesQuery } from '../../schemas/api/outcomes.ts';
import { KEYED } from '../openapi.ts';
import { listLinkage, listOutcomes } from '../repositories/outcomes.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/outcomes',
    {
      schema: {
        tags: ['costs'],
        summary: 'PROMs health gain per provider, adjusted for pre-op score and case mix, with funnel limits, cost per point gained and cost and outcome O/E',
        security: KEYED,
        querystring: OutcomesQuery,
        response: { 200: OutcomePage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => listOutcomes(req.build.db, req.query, req.build.info.suppression_threshold),
  );
  app.get(
    '/api/proms-linkage',
    {
      schema: {
        tags: ['quality'],
        summary: 'Per provider: eligible episodes, PROMs participation and linkage rates, and PROMs records linked to no episode',
        security: KEYED,
        querystring: LinkageQuery,
        response: { 200: LinkagePage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => listLinkage(req.build.db, req.query, req.build.info.suppression_threshold),
  );
};
