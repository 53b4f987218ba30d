import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listClusterHighlights } from '../../domain/clustering/list-cluster-highlights.js';
import { getProjectStats } from '../../domain/stats/get-project-stats.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { statsView } from '../schemas/stats-view.js';

/** The dashboard overview: clusters by status, new and growing clusters, daily feedback per source, agent jobs and PRs. */
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
      async (req) => ({
        ...(await getProjectStats(deps.db.pool, req.params.projectId, {
          days: req.query.days,
          now: deps.clock.now(),
        })),
        highlights: await listClusterHighlights(deps.db.pool, req.params.projectId),
      }),
    );
  };
