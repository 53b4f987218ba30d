import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runnerNames } from '../../config/sections/fixes.js';
import { listAgentReadiness } from '../../domain/fixes/agents/agent-readiness.js';
import { getFixSettings, resolveFixSettings } from '../../domain/fixes/fix-settings.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { agentsView } from '../schemas/agent-readiness-view.js';

/** Which coding agents could run for this project's fixes now, so the dashboard can say so before Start Fix. */
export const agentRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function agents(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    app.get(
      '/api/projects/:projectId/fix/agents',
      {
        schema: {
          params: z.object({ projectId: z.string() }),
          querystring: z.object({ runner: z.enum(runnerNames).optional() }),
          response: {
            200: agentsView,
          },
        },
      },
      async (req) => {
        const settings = resolveFixSettings(
          deps.config.fixes,
          await getFixSettings(deps.db.pool, req.params.projectId),
          { runner: req.query.runner },
        );
        return {
          agent: settings.agent,
          runner: settings.runner,
          agents: listAgentReadiness({ fixes: deps.config.fixes }, settings.runner),
        };
      },
    );
  };
