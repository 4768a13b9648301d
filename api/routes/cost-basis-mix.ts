// GET /api/cost-basis-mix — whose costs are PLICS and whose are national prices, per provider.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { CostBasisMixPage, CostBasisMixQuery } from '../../schemas/api/cost-basis-mix.ts';
import { KEYED } from '../openapi.ts';
import { listCostBasisMix } from '../repositories/cost-basis-mix.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const costBasisMixRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/cost-basis-mix',
    {
      schema: {
        tags: ['costs'],
        summary: 'Each provider’s attributed £ by cost basis (PLICS actual, tariff, national unit cost…), to read beside the variation',
        security: KEYED,
        querystring: CostBasisMixQuery,
        response: { 200: CostBasisMixPage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => listCostBasisMix(req.build.db, req.query, req.build.info.suppression_threshold),
  );
};
