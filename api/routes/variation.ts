// GET /api/variation — funnel-plot data.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { VariationPage, VariationQuery } from '../../schemas/api/variation.ts';
import { KEYED } from '../openapi.ts';
import { listVariation } from '../repositories/variation.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const variationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/variation',
    {
      schema: {
        tags: ['costs'],
        summary: 'Case-mix adjusted O/E per provider with 95% and 99.8% funnel limits, and the opportunity to the target',
        security: KEYED,
        querystring: VariationQuery,
        response: { 200: VariationPage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => listVariation(req.build.db, req.query, req.build.info.suppression_threshold),
  );
};
