// POST /api/scenarios — run a what-if scenario against the build (engine/scenarios). Analyst role; the body is a
// Scenario (schemas/scenario.ts), at most SCENARIO_BODY_LIMIT bytes; a scenario the build cannot run (unknown
// step, provider or price) is a 400 naming the change at fault.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { runScenario } from '../../engine/scenarios/index.ts';
import { ScenarioResult } from '../../schemas/api/scenarios.ts';
import { SCENARIO_BODY_LIMIT, Scenario } from '../../schemas/scenario.ts';
import { KEYED } from '../openapi.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const scenarioRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/scenarios',
    {
      bodyLimit: SCENARIO_BODY_LIMIT,
      config: { role: 'analyst' },
      schema: {
        tags: ['scenarios'],
        summary: 'Run a what-if scenario: baseline against scenario by provider × step × setting × unit, and the waterfall of changes',
        description: `Changes (move to another setting or delivery mode, length of stay, remove or add a step, volume, unit cost) are applied in order, each to a share of the matched activity as an expected value. Every price is stated with its source or taken from the project's reference tables. Cells and waterfall bars are suppressed as the build's aggregates are. Bodies over ${SCENARIO_BODY_LIMIT / 1024} KiB are refused (413).`,
        security: KEYED,
        body: Scenario,
        response: { 200: ScenarioResult, ...errors(...KEYED_ERRORS, 413) },
      },
    },
    (req) => runScenario(req.server.live.dataDir, req.body),
  );
};
