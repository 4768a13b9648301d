// GET /api/steps and /api/distribution — aggregates the API computes from episode-level tables.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Distribution, DistributionQuery } from '../../schemas/api/distribution.ts';
import { StepCostPage, StepsQuery } from '../../schemas/api/steps.ts';
import { KEYED } from '../openapi.ts';
import { episodeCostDistribution } from '../repositories/distribution.ts';
import { listSteps } from '../repositories/steps.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const stepRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/steps',
    {
      schema: {
        tags: ['costs'],
        summary: 'Cost by step and setting per anchor provider and for the ICB (mean per episode and total)',
        description: 'The step × setting cells of /api/summary: cells below the build\'s suppression threshold are hidden, and complementary cells so that no hidden cell can be worked out from published totals.',
        security: KEYED,
        querystring: StepsQuery,
        response: { 200: StepCostPage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => listSteps(req.build.db, req.query, req.build.info.suppression_threshold),
  );
  app.get(
    '/api/distribution',
    {
      schema: {
        tags: ['costs'],
        summary: 'Histogram of episode cost for a provider or the ICB',
        security: KEYED,
        querystring: DistributionQuery,
        response: { 200: Distribution, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req) => episodeCostDistribution(req.build.db, req.query, req.build.info.suppression_threshold),
  );
};
