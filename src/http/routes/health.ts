import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';

export const healthRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function health(app) {
    app.get(
      '/healthz',
      {
        schema: {
          response: {
            200: z.object({
              status: z.literal('ok'),
              database: z.enum(['pglite', 'postgres']),
              uptimeSeconds: z.number(),
            }),
          },
        },
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
