// GET /api/summary — pathway_summary; JSON, or Arrow IPC when asked for with Accept.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { SummaryPage, SummaryQuery } from '../../schemas/api/summary.ts';
import { wantsArrow } from '../caching.ts';
import { KEYED } from '../openapi.ts';
import { listSummary, summaryColumns } from '../repositories/summary.ts';
import { KEYED_ERRORS, errors, sendArrow } from './common.ts';

export const summaryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/summary',
    {
      schema: {
        tags: ['costs'],
        summary: 'Distribution of episode cost per pathway × provider (and ICB) × month × step × setting × basis',
        description: 'Suppressed rows (below the build’s suppression threshold, or complementary) carry nulls. Send `Accept: application/vnd.apache.arrow.stream` for the same page as an Arrow IPC stream.',
        security: KEYED,
        querystring: SummaryQuery,
        response: { 200: SummaryPage, ...errors(...KEYED_ERRORS, 404) },
      },
    },
    (req, reply) => (wantsArrow(req) ? sendArrow(reply, summaryColumns(req.build.db, req.query, req.build.info.suppression_threshold)) : listSummary(req.build.db, req.query, req.build.info.suppression_threshold)),
  );
};
