// The web page and its assets, read once at start and served with content ETags. Chart.js comes from
// node_modules (no CDN). A strict CSP: scripts and styles only from this origin.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const WEB = new URL('./web/', import.meta.url);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const ASSETS: Array<{ route: string; file: () => string | URL; type: string }> = [
  { route: '/', file: () => new URL('index.html', WEB), type: 'text/html; charset=utf-8' },
  { route: '/app.js', file: () => new URL('app.js', WEB), type: 'text/javascript; charset=utf-8' },
  { route: '/charts.js', file: () => new URL('charts.js', WEB), type: 'text/javascript; charset=utf-8' },
  { route: '/style.css', file: () => new URL('style.css', WEB), type: 'text/css; charset=utf-8' },
  { route: '/vendor/chart.umd.js', file: chartJsFile, type: 'text/javascript; charset=utf-8' },
];

/** chart.js exports no path to its UMD build, so find it beside the package's main file (dist/). */
function chartJsFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

export async function registerWeb(app: FastifyInstance): Promise<void> {
  for (const asset of ASSETS) {
    const body = await readFile(asset.file());
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    app.get(asset.route, { schema: { hide: true } }, async (req, reply) => {
      reply.header('etag', etag).header('cache-control', 'no-cache').header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(asset.type).send(body);
    });
  }
}
