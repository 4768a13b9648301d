// GET /api/health — public: which build is being served. GET /api/me — the caller's key holder and role.
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { Me } from '../../schemas/api/common.ts';
import { Health } from '../../schemas/api/quality.ts';
import { KEYED } from '../openapi.ts';
import { KEYED_ERRORS, errors } from './common.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { schema: { tags: ['service'], summary: 'Service health and the build served', response: { 200: Health } } }, async (req) => ({ status: 'ok' as const, ...req.build.info }));
};

/** Keyed: lets the page show only what the key's role may see (rather than provoking 403s). */
export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me',
    { config: { cache: false }, schema: { tags: ['service'], summary: 'The key holder and role of the calling key', security: KEYED, response: { 200: Me, ...errors(...KEYED_ERRORS) } } },
    async (req) => req.principal!,
  );
};
