// One error handler for the whole app: validation → 400 naming the parameter, PathcostError codes → statuses,
// everything else → 500 with no internals (the full error goes to the log, keyed by the request id).
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

const LOCATION: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', headers: 'header', body: 'body field' };

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      const parameter = issue.instancePath.replace(/^\//, '').split('/')[0] || String((issue.params as { keys?: string[] }).keys?.[0] ?? '');
      const where = LOCATION[err.validationContext ?? ''] ?? 'parameter';
      const message = issue.keyword === 'unrecognized_keys' ? `Unknown ${where} '${parameter}'.` : `Invalid ${where} '${parameter}': ${issue.message}.`;
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
    return send(reply, status, err.code ?? 'BAD_REQUEST', err.message);
  });

  app.setNotFoundHandler((req, reply) => send(reply, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`));
}

function publicMessage(req: FastifyRequest): string {
  return `Internal error; quote request id ${req.id} to the administrator.`;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 406: 'Not Acceptable', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

function send(reply: FastifyReply, statusCode: number, code: string, message: string, parameter?: string) {
  const body: ErrorResponse = { statusCode, error: REASONS[statusCode] ?? 'Error', code, message, ...(parameter ? { parameter } : {}) };
  // The body is built here, so it skips the route's response schema (which describes the success shape);
  // an ETag set before the failure belongs to the success response, so it goes.
  reply.removeHeader('etag');
  return reply.code(statusCode).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));
}
