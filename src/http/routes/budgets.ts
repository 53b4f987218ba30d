import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fixBudgets, getBudgetUsage, setFixBudgets } from '../../domain/budgets/fix-budgets.js';
import type { Services } from '../../services.js';
import { requireOwner, requireProjectAccess } from '../auth/project-access.js';

const budgetView = z.object({
  limits: z.object({
    maxConcurrentFixes: z.number().nullable(),
    fixesPerDay: z.number().nullable(),
    agentMinutesPerMonth: z.number().nullable(),
  }),
  usage: z.object({ activeFixes: z.number(), fixesToday: z.number(), agentMinutesThisMonth: z.number() }),
  resets: z.object({ day: z.date(), month: z.date() }),
});
const projectParams = z.object({ projectId: z.string() });

/** The fix budgets: every member sees limits and usage; only an owner changes the limits. */
export const budgetRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function budgets(app) {
    const access = requireProjectAccess(deps);
    const db = deps.db.pool;
    app.get(
      '/api/projects/:projectId/budgets',
      { onRequest: access, schema: { params: projectParams, response: { 200: budgetView } } },
      async (req) => getBudgetUsage(db, req.params.projectId, deps.clock.now()),
    );
    app.put(
      '/api/projects/:projectId/budgets',
      {
        onRequest: [access, requireOwner],
        schema: { params: projectParams, body: fixBudgets, response: { 200: budgetView } },
      },
      async (req) => setFixBudgets(db, req.params.projectId, req.body, deps.clock.now()),
    );
  };
