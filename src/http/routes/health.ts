import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pendingMigrations } from '../../db/migrate.js';
import { isLoopbackHost } from '../../domain/auth/auth-mode.js';
import { AppError } from '../../domain/errors.js';
import { safeEqual } from '../../lib/crypto.js';
import { soulcasterVersion } from '../../lib/version.js';
import type { Services } from '../../services.js';
import { healthView, readinessView } from '../schemas/health-view.js';

/**
 * Liveness (/healthz: the process answers; no database call, so a database outage does not get healthy
 * processes restarted), readiness (/readyz: the database answers and has every migration this code
 * expects) and the Prometheus endpoint (/metrics).
 */
export const healthRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function health(app) {
    app.get('/healthz', { schema: { response: { 200: healthView } } }, async () => ({
      status: 'ok' as const,
      database: deps.db.engine,
      uptimeSeconds: Math.round(process.uptime()),
      version: soulcasterVersion(),
    }));

    app.get(
      '/readyz',
      { schema: { response: { 200: readinessView, 503: readinessView } } },
      async (_request, reply) => {
        let pending: string[];
        try {
          pending = await pendingMigrations(deps.db.pool);
        } catch (err) {
          deps.logger.warn({ err }, 'readiness: the database did not answer');
          return reply
            .status(503)
            .send({ status: 'not_ready', database: 'unreachable', pendingMigrations: [] });
        }
        const ready = pending.length === 0;
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'not_ready', database: 'reachable', pendingMigrations: pending });
      },
    );

    const { enabled, token } = deps.config.observability.metrics;
    // Without a token only a loopback-bound server exposes metrics; anywhere else they need the token.
    const open = token === undefined && isLoopbackHost(deps.config.server.host);
    if (enabled && (token !== undefined || open)) {
      app.get('/metrics', async (request, reply) => {
        if (!open && !safeEqual(request.headers.authorization ?? '', `Bearer ${token}`))
          throw new AppError(
            'unauthorized',
            'GET /metrics needs "Authorization: Bearer <SOULCASTER_METRICS_TOKEN>"',
          );
        const body = await deps.metrics.registry.metrics();
        return reply.header('content-type', deps.metrics.registry.contentType).send(body);
      });
    } else if (enabled) {
      deps.logger.warn(
        'GET /metrics is off: the server is not bound to loopback and SOULCASTER_METRICS_TOKEN is not set',
      );
    }
  };
