// API keys and roles. Keys are held only as SHA-256 digests, compared by digest lookup, and never logged:
// the logger redacts the headers that carry them and requests are logged with the key holder's name.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PathcostError } from '../engine/errors.ts';
import { ApiKeyConfig, ApiKeysEnv } from '../schemas/api/auth.ts';
import { ROLES, type Role } from '../schemas/api/common.ts';
import { HttpError } from './errors.ts';

export interface Principal {
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Least role that may call the route (default analyst). */
    role?: Role;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * A URL as it may be logged: the value of any query parameter named like a key or token is censored (the API
 * refuses a key in the query string, but the request line is logged before it answers).
 */
export const redactUrl = (url: string) => url.replace(/([?&][^=&#]*(?:key|token|auth)[^=&#]*=)[^&#]*/gi, '$1[redacted]');

/** Header paths the logger must never print. */
export const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'];

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export class KeyRing {
  private readonly byDigest = new Map<string, Principal>();
  constructor(config: ApiKeyConfig) {
    for (const k of config.keys) this.byDigest.set(k.key_sha256 ?? digest(k.key!), { name: k.name, role: k.role });
  }
  get size(): number {
    return this.byDigest.size;
  }
  lookup(presented: string): Principal | undefined {
    return this.byDigest.get(digest(presented));
  }
}

/** Keys from a JSON file and/or the PATHCOST_API_KEYS variable (`key1:analyst,key2:clinician`). */
export async function loadKeys(options: { file?: string; env?: string }): Promise<ApiKeyConfig> {
  const keys: ApiKeyConfig['keys'] = [];
  if (options.file) keys.push(...(await readKeyFile(options.file)).keys);
  if (options.env) {
    const parsed = ApiKeysEnv.safeParse(options.env);
    if (!parsed.success) throw new PathcostError('BAD_OPTION', `PATHCOST_API_KEYS is invalid: ${z.prettifyError(parsed.error)}`, 'Write it as key1:analyst,key2:clinician (roles: analyst, clinician, admin).');
    parsed.data.forEach((entry, i) => {
      const at = entry.lastIndexOf(':');
      keys.push({ name: `env-${i + 1}`, key: entry.slice(0, at), role: entry.slice(at + 1) as Role });
    });
  }
  return { keys };
}

async function readKeyFile(file: string): Promise<ApiKeyConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new PathcostError('BAD_OPTION', `Cannot read the API key file: ${(err as Error).message}`, 'Give a JSON file such as {"keys":[{"name":"finance","role":"analyst","key":"…"}]}.', { file });
  }
  const parsed = ApiKeyConfig.safeParse(json);
  if (!parsed.success) throw new PathcostError('BAD_OPTION', `Invalid API key file:\n${z.prettifyError(parsed.error)}`, 'Each key needs a name, a role (analyst, clinician, admin) and key or key_sha256.', { file });
  return parsed.data;
}

/** A random admin key for a server started without any configured key (printed once, never logged). */
export function generateKey(): string {
  return randomBytes(24).toString('base64url');
}

function presentedKey(req: FastifyRequest): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m?.[1];
}

/** onRequest hook for the API context: 401 without a known key, 403 below the route's role. */
export function requireKey(app: FastifyInstance, ring: KeyRing): void {
  app.addHook('onRequest', async (req, reply) => {
    const key = presentedKey(req);
    const principal = key ? ring.lookup(key) : undefined;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="pathcost"');
      throw new HttpError(401, 'UNAUTHORIZED', key ? 'Unknown API key.' : 'An API key is required: send it as x-api-key or Authorization: Bearer.');
    }
    const needed = req.routeOptions.config.role ?? 'analyst';
    if (ROLES.indexOf(principal.role) < ROLES.indexOf(needed)) {
      throw new HttpError(403, 'FORBIDDEN', `This needs the ${needed} role; your key has the ${principal.role} role.`);
    }
    req.principal = principal;
    req.log.info({ principal: principal.name }, 'authorised');
  });
}
