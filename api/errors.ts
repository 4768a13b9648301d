// One error handler for the whole app: validation → 400 naming the parameter, PathcostError codes → statuses,
// everything else → 500 with no internals (the full error goes to the log, keyed by the request id). A path
// that exists for other methods → 405 with Allow. No message repeats long input: a path or a message of
// fastify's own longer than ECHO_MAX characters is left out.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from '@fastify/type-provider-zod';
import { type ErrorCode, PathcostError } from '../engine/errors.ts';
import type { ErrorResponse } from '../schemas/api/common.ts';

/** An error the API means to show: a status, a code and a message for a person. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found.`);

const STATUS_OF: Partial<Record<ErrorCode, number>> = { BAD_OPTION: 400, INPUT_NOT_FOUND: 404, NO_BUILD: 503 };

/** Longest request text (a path, or a framework message that may quote a header) an error repeats. */
export const ECHO_MAX = 80;

const LOCATION: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', headers: 'header', body: 'body field' };

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      // a body field is named by its whole path (changes.0.share); a query or path parameter by its name
      const path = issue.instancePath.replace(/^\//, '').split('/');
      const named = (err.validationContext === 'body' ? path.join('.') : path[0]) || String((issue.params as { keys?: string[] }).keys?.[0] ?? '');
      // an unknown parameter's name is the caller's text: named only when short
      const parameter = named.length <= ECHO_MAX ? named : undefined;
      const where = LOCATION[err.validationContext ?? ''] ?? 'parameter';
      const what = parameter === undefined ? where : `${where} '${parameter}'`;
      const message = issue.keyword === 'unrecognized_keys' ? `Unknown ${what}.` : `Invalid ${what}: ${issue.message}.`;
      return send(reply, 400, 'BAD_OPTION', message, parameter);
    }
    if (err instanceof HttpError) return send(reply, err.statusCode, err.code, err.message);
    if (err instanceof PathcostError) {
      const status = STATUS_OF[err.code] ?? 500;
      if (status >= 500) req.log.error({ err, code: err.code }, 'request failed');
      return send(reply, status, err.code, status < 500 ? `${err.message} ${err.hint}` : publicMessage(req));
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return send(reply, 500, 'INTERNAL', publicMessage(req));
    }
    return send(reply, status, err.code ?? 'BAD_REQUEST', err.message.length <= ECHO_MAX ? err.message : `${REASONS[status] ?? 'Bad request'}.`);
  });

  const routes = routeTable(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const allowed = routes.methodsFor(path);
    const named = path.length <= ECHO_MAX ? ` ${path}` : '';
    // A path that is a route for this very method failed to match only on a parameter (e.g. too long): 404.
    if (allowed.length && !allowed.includes(req.method)) {
      reply.header('allow', allowed.join(', '));
      return send(reply, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on${named || ' this route'}; use ${allowed.join(' or ')}.`);
    }
    return send(reply, 404, 'NOT_FOUND', named ? `No route ${req.method}${named}.` : 'No such route.');
  });
}

/**
 * Fastify's router answers a bad or over-long path itself, quoting the whole path back; this puts the answer in
 * the API's error shape without it. (`frameworkErrors` option of the fastify constructor.)
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(reply, 414, 'URI_TOO_LONG', 'A path parameter is too long (at most 100 characters).');
  if (err.code === 'FST_ERR_BAD_URL') return send(reply, 400, 'BAD_URL', 'The path is not a valid URL.');
  return send(reply, 500, 'INTERNAL', 'Internal error.');
}

/** Every route's path as a pattern (`:id` matches one segment), with its methods, for the 405 answer. */
function routeTable(app: FastifyInstance) {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    const source = route.url.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods });
  });
  return {
    methodsFor(path: string): string[] {
      const methods = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
      return [...methods].sort();
    },
  };
}

function publicMessage(req: FastifyRequest): string {
  return `Internal error; quote request id ${req.id} to the administrator.`;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 414: 'URI Too Long', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

function send(reply: FastifyReply, statusCode: number, code: string, message: string, parameter?: string) {
  const body: ErrorResponse = { statusCode, error: REASONS[statusCode] ?? 'Error', code, message, ...(parameter ? { parameter } : {}) };
  // The body is built here, so it skips the route's response schema (which describes the success shape);
  // an ETag set before the failure belongs to the success response, so it goes.
  reply.removeHeader('etag');
  return reply.code(statusCode).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));
}
