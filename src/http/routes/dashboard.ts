import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Services } from '../../services.js';

/** web/dist beside the package, both from src/http/routes (tsx) and dist/http/routes (built). */
export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

// The SPA only talks to its own origin; avatars come from GitHub (or an Enterprise host), hence https:.
const pageHeaders = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const notBuilt = (distDir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Soulcaster: dashboard not built</title></head>
<body><h1>The dashboard has not been built</h1>
<p>No <code>index.html</code> in <code>${distDir.replace(/[<>&]/g, '')}</code>.
Run <code>npm run build</code> (or <code>npm run build:web</code>), or start with <code>npm start</code>, which builds first.
The API under <code>/api/</code> works without it.</p></body></html>`;

/**
 * Serves the built single-page app: hashed files under /assets/ are immutable for a year (brotli or gzip
 * when built with them); every page path answers index.html (never cached) and the client-side router
 * takes over.
 */
export const dashboardRoutes =
  (deps: Services): FastifyPluginAsync =>
  async (app) => {
    const distDir = deps.config.dashboard.distDir ?? defaultWebDist;
    await app.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
      // the build writes .br/.gz twins (scripts/build-web.ts); they are sent when the browser accepts them
      preCompressed: true,
    });

    const sendIndex = async (reply: FastifyReply) => {
      let html: string;
      try {
        html = await readFile(path.join(distDir, 'index.html'), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        return reply.status(503).type('text/html; charset=utf-8').send(notBuilt(distDir));
      }
      return reply.headers(pageHeaders).type('text/html; charset=utf-8').send(html);
    };

    app.get('/', (_req, reply) => reply.redirect('/dashboard'));
    app.get('/auth/signin', (_req, reply) => sendIndex(reply));
    app.get('/dashboard', (_req, reply) => sendIndex(reply));
    app.get('/dashboard/*', (_req, reply) => sendIndex(reply));
  };
