import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authMode } from '../../domain/auth/auth-mode.js';
import { assertClusterExists } from '../../domain/clustering/cluster-repository.js';
import { editPlan } from '../../domain/plans/edit-plan.js';
import { generatePlan } from '../../domain/plans/generate-plan.js';
import { planFile, planTask } from '../../domain/plans/plan.js';
import { findPlan } from '../../domain/plans/plan-repository.js';
import { findGithubToken } from '../../domain/users/find-github-token.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { planView } from '../schemas/plan-view.js';

const params = z.object({ projectId: z.string(), clusterId: z.uuid() });

/**
 * Coding plans. Generation is synchronous (a shallow fetch plus `git grep`, and one model call when an
 * LLM is configured): the user asked for it and waits for it, and a failure is answered, not buried.
 */
export const planRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function plans(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const url = '/api/projects/:projectId/clusters/:clusterId/plan';

    // No plan yet is a normal state of every new cluster, answered 204 rather than as an error
    app.get(url, { schema: { params, response: { 200: planView, 204: z.null() } } }, async (req, reply) => {
      const plan = await findPlan(deps.db.pool, {
        projectId: req.params.projectId,
        clusterId: req.params.clusterId,
      });
      if (plan === undefined) {
        await assertClusterExists(deps.db.pool, req.params);
        return reply.status(204).send(null);
      }
      return plan;
    });

    app.post(url, { schema: { params, response: { 201: planView } } }, async (req, reply) => {
      const userId = req.projectAuth?.userId;
      const own = await findGithubToken({
        db: deps.db.pool,
        secrets: deps.secrets,
        userId,
        fallback: undefined,
      });
      // GITHUB_TOKEN belongs to the one local user; with OAuth it must not read repos for API keys
      const fallback = authMode(deps.config) === 'local' ? deps.config.github.localUserToken : undefined;
      const token = own ?? fallback;
      const tokenSource = own ? 'your GitHub token' : fallback ? 'GITHUB_TOKEN' : undefined;
      const plan = await generatePlan(deps.plans, req.params.projectId, req.params.clusterId, {
        token,
        tokenSource,
      });
      return reply.status(201).send(plan);
    });

    app.put(
      url,
      {
        schema: {
          params,
          body: z.object({
            summary: z.string().max(20_000),
            files: z.array(planFile).max(100),
            tasks: z.array(planTask).max(100),
          }),
          response: { 200: planView },
        },
      },
      async (req) =>
        editPlan(deps.db.pool, req.params.projectId, req.params.clusterId, req.body, req.projectAuth?.userId),
    );
  };
