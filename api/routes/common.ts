// What every route file shares: the error responses it may give, and the Arrow answer.
import type { FastifyReply } from 'fastify';
import type { ColumnResult } from '../../engine/db.ts';
import { ErrorResponse } from '../../schemas/api/common.ts';
import { toArrowStream } from '../arrow.ts';
import { ARROW_STREAM } from '../caching.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'A parameter is invalid; `parameter` names it.',
  401: 'No API key, or an unknown one.',
  403: 'The key’s role may not use this endpoint.',
  404: 'Not found: a pathway, provider, step or episode the build does not hold (or no such route).',
  405: 'The route exists but not for this method; `Allow` lists the methods.',
  413: 'The body is larger than the route accepts.',
  429: 'Too many requests.',
  500: 'Internal error (no details; see the server log).',
};

/** Error responses for a route's schema, all of the one ErrorResponse shape. */
export function errors(...codes: number[]) {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponse.describe(DESCRIPTIONS[c])]));
}

export const KEYED_ERRORS = [400, 401, 403, 429, 500];

/** Answers with an Arrow IPC stream (Buffers bypass the JSON serializer). */
export async function sendArrow(reply: FastifyReply, result: Promise<ColumnResult>): Promise<void> {
  reply.type(ARROW_STREAM).send(Buffer.from(toArrowStream(await result, ['_total'])));
}
