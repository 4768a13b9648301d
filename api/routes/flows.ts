// GET /api/flows — the order episodes move through a pathway's steps, with the cost at each step moved to.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Flows, FlowsQuery } from '../../schemas/api/flows.ts';
import { KEYED } from '../openapi.ts';
import { readFlows } from '../repositories/flows.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const flowRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/flows',
    {
      schema: {
        tags: ['costs'],
        summary: 'Moves between the steps of a pathway (first arrivals and returns) with the cost at the step moved to, and the most common sequences',
        description: 'From step_transition and step_sequence: moves and sequences below the build\'s suppression threshold are hidden, with complementary moves so that none can be worked out from the ICB row or the step counts of /api/summary.',
        security: KEYED,
        querystring: FlowsQuery,
        response: { 200: Flows, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => readFlows(req.build.db, req.query, req.build.info.suppression_threshold),
  );
};
