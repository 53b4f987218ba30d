import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { healthView } from '../schemas/health-view.js';

export const healthRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function health(app) {
    app.get(
      '/healthz',
      {
        schema: { response: { 200: healthView } },
      },
      async () => {
        await deps.db.pool.query('select 1');
        return {
          status: 'ok' as const,
          database: deps.db.engine,
          uptimeSeconds: Math.round(process.uptime()),
        };
      },
    );
  };
