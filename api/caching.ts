// Responses depend only on the build and the URL (roles gate routes; a route whose body depends on the caller
// says cache: false), so the ETag is derived from the build (run id and build time) and the request before any
// query runs, and bodies are kept in a bounded in-memory cache keyed by the build too; when a new build is
// served, the old entries are dropped.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Patient-level: may be cached in server memory, but browsers are told not to store it. */
    patientLevel?: boolean;
    /** false: the body depends on the caller (not only the URL), so no ETag and no shared cache. */
    cache?: boolean;
  }
}

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export function wantsArrow(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes(ARROW_STREAM);
}

class Lru {
  private readonly map = new Map<string, { body: Buffer; type: string }>();
  private bytes = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}
  get(key: string) {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: { body: Buffer; type: string }) {
    if (value.body.length > this.maxBytes / 8) return;
    this.map.set(key, value);
    this.bytes += value.body.length;
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.body.length;
    }
  }
}

export interface CacheOptions {
  /** Keep response bodies in memory (default true); ETags and 304s work either way. */
  bodies?: boolean;
  maxEntries?: number;
  maxBytes?: number;
}

/**
 * A build as the caches know it: its run id and when it was built. The run id fingerprints each input by its size
 * and its first and last MiB, so an extract corrected in the middle (same size) keeps it; the build time does not.
 */
const buildKey = (info: { run_id: string; built_at: string | null }) => `${info.run_id}@${info.built_at ?? ''}`;

export function registerCaching(app: FastifyInstance, options: CacheOptions): void {
  let lru = new Lru(options.maxEntries ?? 2000, options.maxBytes ?? 64 * 1024 * 1024);
  let lruBuild = '';
  const served = new WeakSet<FastifyRequest>();
  const keyOf = (req: FastifyRequest) => `${buildKey(req.build.info)}\n${req.url}\n${wantsArrow(req) ? 'arrow' : 'json'}`;
  /** The cache of the request's build: a request on a newer build drops the older entries. */
  const cacheOf = (req: FastifyRequest) => {
    const build = buildKey(req.build.info);
    if (build !== lruBuild && build === buildKey(req.server.live.current.info)) {
      lru = new Lru(options.maxEntries ?? 2000, options.maxBytes ?? 64 * 1024 * 1024);
      lruBuild = build;
    }
    return lru;
  };

  const cacheable = (req: FastifyRequest) => req.method === 'GET' && req.routeOptions.config.cache !== false;

  app.addHook('preHandler', async (req, reply) => {
    if (!cacheable(req)) {
      reply.header('cache-control', 'private, no-store');
      return;
    }
    const key = keyOf(req);
    const etag = `"${req.build.info.run_id.slice(0, 16)}-${createHash('sha1').update(key).digest('hex').slice(0, 16)}"`;
    reply.header('etag', etag).header('vary', 'Accept, Authorization, X-API-Key');
    reply.header('cache-control', req.routeOptions.config.patientLevel ? 'private, no-store' : 'private, no-cache');
    if (matches(req.headers['if-none-match'], etag)) {
      served.add(req);
      return reply.code(304).send();
    }
    const hit = cacheOf(req).get(key);
    if (hit) {
      served.add(req);
      return reply.header('x-cache', 'hit').type(hit.type).send(hit.body);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (options.bodies !== false && cacheable(req) && reply.statusCode === 200 && !served.has(req) && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      cacheOf(req).set(keyOf(req), { body: Buffer.from(payload), type: String(reply.getHeader('content-type') ?? 'application/json') });
    }
    return payload;
  });
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
