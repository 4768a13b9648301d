// buildApp(): the whole API as a fastify app that never listens (server.ts listens). Public: the page and
// its assets, /api/health, /openapi.json and /docs. Everything else under /api needs a key (auth.ts).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod';
import type { ApiKeyConfig } from '../schemas/api/auth.ts';
import { KeyRing, REDACT, requireKey } from './auth.ts';
import { registerCaching } from './caching.ts';
import { registerErrorHandling } from './errors.ts';
import { registerOpenApi } from './openapi.ts';
import { ReadPool, type ReadDb } from './read-pool.ts';
import { type BuildInfo, readBuildInfo } from './repositories/quality.ts';
import { costBasisMixRoutes } from './routes/cost-basis-mix.ts';
import { episodeRoutes } from './routes/episodes.ts';
import { healthRoutes, meRoutes } from './routes/health.ts';
import { pathwayRoutes } from './routes/pathways.ts';
import { qualityRoutes } from './routes/quality.ts';
import { stepRoutes } from './routes/steps.ts';
import { summaryRoutes } from './routes/summary.ts';
import { variationRoutes } from './routes/variation.ts';
import { registerWeb } from './web.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: ReadDb;
    build: BuildInfo;
  }
}

export interface AppOptions {
  /** Folder holding pathcost.duckdb (a build's output folder). */
  dataDir: string;
  /** Accepted keys; with none, every keyed endpoint answers 401 (server.ts makes a key for local use). */
  keys?: ApiKeyConfig;
  /** Requests per minute per client address, or false to switch the limit off (benchmarks). */
  rateLimit?: { max: number; timeWindow?: string } | false;
  /** Connections in the read pool (default 2 × cores). */
  poolSize?: number;
  /** Keep response bodies in memory per URL (default true; off to measure the query path). */
  responseCache?: boolean;
  /** fastify logger options (false in tests); keys are always redacted. */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const pool = await ReadPool.open(options.dataDir, options.poolSize);
  const app = Fastify({ logger: withRedaction(options.logger), return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', pool as ReadDb);
  app.decorate('build', await readBuildInfo(pool));
  app.addHook('onClose', async () => pool.close());
  registerErrorHandling(app);

  if (options.rateLimit !== false) await app.register(rateLimit, { max: options.rateLimit?.max ?? 600, timeWindow: options.rateLimit?.timeWindow ?? '1 minute' });
  await registerOpenApi(app);
  await registerWeb(app);
  await app.register(healthRoutes);

  const ring = new KeyRing(options.keys ?? { keys: [] });
  await app.register(async (api) => {
    requireKey(api, ring);
    registerCaching(api, { runId: app.build.run_id, bodies: options.responseCache });
    for (const routes of [meRoutes, pathwayRoutes, summaryRoutes, variationRoutes, costBasisMixRoutes, stepRoutes, episodeRoutes, qualityRoutes]) await api.register(routes);
  });
  await app.ready();
  return app;
}

function withRedaction(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: REDACT, censor: '[redacted]' } };
}
