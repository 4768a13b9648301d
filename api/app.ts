// buildApp(): the whole API as a fastify app that never listens (server.ts listens). Public: the page and
// its assets, /api/health, /openapi.json and /docs. Everything else under /api needs a key (auth.ts). Each
// request is answered from one build (req.build), the newest the data folder held when it arrived (live-build.ts).
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from '@fastify/type-provider-zod';
import type { ApiKeyConfig } from '../schemas/api/auth.ts';
import { KeyRing, REDACT, redactUrl, requireKey } from './auth.ts';
import { registerCaching } from './caching.ts';
import { frameworkErrors, registerErrorHandling } from './errors.ts';
import { registerOpenApi } from './openapi.ts';
import { costBasisMixRoutes } from './routes/cost-basis-mix.ts';
import { rejectUnknownIds } from './known.ts';
import { LiveBuild, type ServedBuild } from './live-build.ts';
import { episodeRoutes } from './routes/episodes.ts';
import { flowRoutes } from './routes/flows.ts';
import { healthRoutes, meRoutes } from './routes/health.ts';
import { pathwayRoutes } from './routes/pathways.ts';
import { qualityRoutes } from './routes/quality.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { stepRoutes } from './routes/steps.ts';
import { summaryRoutes } from './routes/summary.ts';
import { variationRoutes } from './routes/variation.ts';
import { outcomeRoutes } from './routes/outcomes.ts';
import { registerWeb } from './web.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveBuild;
  }
  interface FastifyRequest {
    /** The build this request is answered from. */
    build: ServedBuild;
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
  /** How often (at most, ms) to look for a new build in dataDir (default 1000). */
  checkBuildEveryMs?: number;
  /** fastify logger options (false in tests); keys are always redacted. */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: withRedaction(options.logger), return503OnClosing: true, frameworkErrors });
  const live = await LiveBuild.open(options.dataDir, { poolSize: options.poolSize, checkEveryMs: options.checkBuildEveryMs, log: (event, message) => app.log.info(event, message) });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('live', live);
  app.decorateRequest('build', null as unknown as ServedBuild);
  app.addHook('onRequest', async (req, reply) => {
    const build = await live.forRequest();
    build.acquire();
    req.build = build;
    reply.raw.once('close', () => build.release());
  });
  app.addHook('onClose', async () => live.close());
  registerErrorHandling(app);

  if (options.rateLimit !== false) await app.register(rateLimit, { max: options.rateLimit?.max ?? 600, timeWindow: options.rateLimit?.timeWindow ?? '1 minute' });
  await registerOpenApi(app);
  await registerWeb(app);
  await app.register(healthRoutes);

  const ring = new KeyRing(options.keys ?? { keys: [] });
  await app.register(async (api) => {
    requireKey(api, ring);
    rejectUnknownIds(api, (req) => req.build.known);
    registerCaching(api, { bodies: options.responseCache });
    for (const routes of [meRoutes, pathwayRoutes, summaryRoutes, variationRoutes, costBasisMixRoutes, stepRoutes, flowRoutes, episodeRoutes, qualityRoutes, scenarioRoutes, outcomeRoutes]) await api.register(routes);
  });
  await app.ready();
  return app;
}

function withRedaction(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = (logger === true ? {} : logger) as Exclude<FastifyServerOptions['logger'], boolean | undefined> & { serializers?: Record<string, (x: never) => unknown> };
  const request = (base.serializers?.req ?? logRequest) as (req: FastifyRequest) => Record<string, unknown>;
  const req = (r: FastifyRequest) => {
    const out = request(r) ?? {};
    return typeof out.url === 'string' ? { ...out, url: redactUrl(out.url) } : out;
  };
  return { ...base, serializers: { ...base.serializers, req }, redact: { paths: REDACT, censor: '[redacted]' } };
}

/** What fastify logs of a request by default. */
const logRequest = (r: FastifyRequest) => ({ method: r.method, url: r.url, host: r.host, remoteAddress: r.ip, remotePort: r.socket?.remotePort });
