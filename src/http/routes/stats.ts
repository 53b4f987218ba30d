import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clusterStatuses } from '../../domain/clustering/cluster.js';
import { getProjectStats, fixStatuses } from '../../domain/stats/get-project-stats.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';

const counts = <K extends string>(keys: readonly [K, ...K[]]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

const statsView = z.object({
  days: z.number(),
  clustersByStatus: counts(clusterStatuses),
  feedbackBySource: z.array(z.object({ day: z.string(), source: z.string(), count: z.number() })),
  jobsByStatus: counts(fixStatuses),
  prs: z.object({ open: z.number(), merged: z.number(), closed: z.number() }),
});

/** The dashboard overview: clusters by status, daily feedback per source, agent jobs and PRs. */
export const statsRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function stats(app) {
    app.addHook('onRequest', requireProjectAccess(deps));

    app.get(
      '/api/projects/:projectId/stats',
      {
        schema: {
          params: z.object({ projectId: z.string() }),
          querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
          response: { 200: statsView },
        },
      },
      async (req) =>
        getProjectStats(deps.db.pool, req.params.projectId, { days: req.query.days, now: deps.clock.now() }),
    );
  };
