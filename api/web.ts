// The web page and its assets (every file in web/), read once at start and served with content ETags.
// Chart.js and its Sankey controller come from node_modules (no CDN). A strict CSP: scripts and styles only from this origin.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const WEB = new URL('./web/', import.meta.url);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

async function assets(): Promise<Array<{ route: string; file: string | URL; type: string }>> {
  const files = (await readdir(WEB)).filter((f) => TYPES[f.split('.').pop()!]);
  return [
    ...files.map((f) => ({ route: f === 'index.html' ? '/' : `/${f}`, file: new URL(f, WEB), type: TYPES[f.split('.').pop()!] })),
    { route: '/vendor/chart.umd.js', file: chartJsFile(), type: TYPES.js },
    { route: '/vendor/chartjs-chart-sankey.js', file: sankeyFile(), type: TYPES.js },
  ];
}

/** The Sankey controller's UMD build (it registers itself with the global Chart), beside the package's main file. */
function sankeyFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chartjs-chart-sankey')), 'chartjs-chart-sankey.min.js');
}

/** chart.js exports no path to its UMD build, so find it beside the package's main file (dist/). */
function chartJsFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

export async function registerWeb(app: FastifyInstance): Promise<void> {
  for (const asset of await assets()) {
    const body = await readFile(asset.file);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    app.get(asset.route, { schema: { hide: true } }, async (req, reply) => {
      reply.header('etag', etag).header('cache-control', 'no-cache').header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(asset.type).send(body);
    });
  }
}
