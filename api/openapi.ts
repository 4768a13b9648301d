// The OpenAPI 3 document (from the routes' zod schemas) at /openapi.json, and Swagger UI at /docs served
// from node_modules (the machines are offline: nothing is fetched from a CDN).
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod';

export const API_VERSION = '1.0.0';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'pathcost API',
        version: API_VERSION,
        description:
          'Read-only access to a pathcost build: whole-pathway episode costs for an ICB. Aggregates hide counts below the build\'s suppression threshold ' +
          '(in /api/health; 8 unless the build set another) and their money, and complementary cells so no hidden figure can be worked out ' +
          'from published totals (suppressed = true, values null). Episode endpoints need the clinician or admin role. Responses carry an ETag keyed on the build.',
      },
      tags: [
        { name: 'pathways', description: 'Pathway definitions used by the build.' },
        { name: 'costs', description: 'Aggregated pathway costs (analyst and above).' },
        { name: 'episodes', description: 'Patient-level episodes (clinician and admin).' },
        { name: 'quality', description: 'Data quality, reconciliation and run manifests.' },
        { name: 'scenarios', description: 'What-if scenarios over the build (analyst and above).' },
        { name: 'service', description: 'Service health.' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/openapi.json'] }),
    transformObject: (doc) => dropUnreferenced(jsonSchemaTransformObject(doc)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

type Components = { components?: { schemas?: Record<string, unknown> } };

/**
 * The zod transform registers an input and an output copy of every schema with an id; a read-only API has no
 * request bodies, so the input copies are unreferenced. Keep only components something refers to.
 */
function dropUnreferenced<T extends object>(document: T): T {
  const doc = document as T & Components;
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const refs = (value: unknown) => new Set([...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
  let kept = refs({ ...doc, components: { ...doc.components, schemas: {} } });
  for (let size = -1; size !== kept.size; ) {
    size = kept.size;
    kept = new Set([...kept, ...refs([...kept].map((k) => schemas[k]))]);
  }
  return { ...doc, components: { ...doc.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([k]) => kept.has(k))) } };
}

/** The security requirement of every keyed route. */
export const KEYED: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }];
