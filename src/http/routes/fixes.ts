import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { getFix, fixStatuses } from '../../domain/fixes/fix.js';
import { cancelFix } from '../../domain/fixes/cancel-fix.js';
import { fixSettings, getFixSettings } from '../../domain/fixes/fix-settings.js';
import { listFixes, readFixLogs } from '../../domain/fixes/list-fixes.js';
import { retryFix } from '../../domain/fixes/retry-fix.js';
import { startFix } from '../../domain/fixes/start-fix.js';
import type { Services } from '../../services.js';
import { changeFixSettings } from '../../domain/fixes/change-fix-settings.js';
import { listFixSettingsChanges } from '../../domain/fixes/list-fix-settings-changes.js';
import { requireProjectAccess, requireSignedInOwner } from '../auth/project-access.js';
import { fixSettingsChangeView } from '../schemas/fix-settings-change-view.js';
import { fixSettingsView } from '../schemas/fix-settings-view.js';
import { cancelView, fixLogsView, fixView, startFixBody } from '../schemas/fix-view.js';
import { list, page } from '../schemas/page.js';
import { streamFixEvents } from './fix-events.js';

const projectParams = z.object({ projectId: z.string() });
const fixParams = projectParams.extend({ fixId: z.uuid() });

/** Starting a fix pushes and opens a PR as a GitHub user, so it needs one: API keys have none. */
export function requireUser(req: FastifyRequest): string {
  const userId = req.projectAuth?.userId;
  if (userId === undefined)
    throw new AppError(
      'forbidden',
      'a fix opens a pull request as the signed-in GitHub user; sign in to start one (an API key has no user)',
    );
  return userId;
}

export const fixRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function fixes(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const fd = deps.fixes;

    app.post(
      '/api/projects/:projectId/clusters/:clusterId/fix',
      {
        schema: {
          params: projectParams.extend({ clusterId: z.uuid() }),
          body: startFixBody.optional(),
          response: { 202: fixView },
        },
      },
      async (req, reply) => {
        const userId = requireUser(req);
        const job = await startFix(fd, { ...req.params, userId, ...(req.body ?? {}) });
        return reply.status(202).send(job);
      },
    );

    // `jobs` is the path these routes were first published under; it stays as an alias of `fixes`
    for (const collection of ['fixes', 'jobs'] as const) {
      app.get(
        `/api/projects/:projectId/${collection}`,
        {
          schema: {
            params: projectParams,
            querystring: z.object({
              clusterId: z.uuid().optional(),
              status: z.enum(fixStatuses).optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
              cursor: z.string().optional(),
            }),
            response: { 200: page(fixView) },
          },
        },
        async (req) => listFixes(deps.db.pool, req.params.projectId, req.query),
      );

      app.get(
        `/api/projects/:projectId/${collection}/:fixId`,
        { schema: { params: fixParams, response: { 200: fixView } } },
        async (req) => getFix(deps.db.pool, req.params.projectId, req.params.fixId),
      );

      app.post(
        `/api/projects/:projectId/${collection}/:fixId/cancel`,
        { schema: { params: fixParams, response: { 200: cancelView } } },
        async (req) => cancelFix(fd, req.params.projectId, req.params.fixId),
      );

      app.post(
        `/api/projects/:projectId/${collection}/:fixId/retry`,
        { schema: { params: fixParams, response: { 202: fixView } } },
        async (req, reply) => {
          const userId = requireUser(req);
          return reply.status(202).send(await retryFix(fd, req.params.projectId, req.params.fixId, userId));
        },
      );

      // the polling fallback of the event stream
      app.get(
        `/api/projects/:projectId/${collection}/:fixId/logs`,
        {
          schema: {
            params: fixParams,
            querystring: z.object({
              after: z.coerce.number().int().min(0).default(0),
              limit: z.coerce.number().int().min(1).max(5000).default(1000),
            }),
            response: { 200: fixLogsView },
          },
        },
        async (req) => {
          const { projectId, fixId } = req.params;
          const job = await getFix(deps.db.pool, projectId, fixId);
          const lines = await readFixLogs(deps.db.pool, projectId, fixId, req.query.after, req.query.limit);
          return { lines, status: job.status };
        },
      );

      app.get(
        `/api/projects/:projectId/${collection}/:fixId/events`,
        { schema: { params: fixParams, querystring: z.object({ after: z.string().optional() }) } },
        async (req, reply) => streamFixEvents(deps, req, reply, req.params.projectId, req.params.fixId),
      );
    }

    app.get(
      '/api/projects/:projectId/settings/fix',
      { schema: { params: projectParams, response: { 200: fixSettingsView } } },
      async (req) => getFixSettings(deps.db.pool, req.params.projectId),
    );

    // what runs on the server: a signed-in owner only, within the server's policy, and recorded
    app.put(
      '/api/projects/:projectId/settings/fix',
      {
        preHandler: requireSignedInOwner,
        schema: { params: projectParams, body: fixSettings, response: { 200: fixSettingsView } },
      },
      async (req) =>
        changeFixSettings(
          { db: deps.db.pool, clock: deps.clock, policy: deps.config.fixes.policy },
          { projectId: req.params.projectId, userId: req.projectAuth!.userId!, settings: req.body },
        ),
    );

    app.get(
      '/api/projects/:projectId/settings/fix/changes',
      {
        schema: {
          params: projectParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: list(fixSettingsChangeView) },
        },
      },
      async (req) => ({
        items: await listFixSettingsChanges(deps.db.pool, req.params.projectId, req.query.limit),
      }),
    );
  };
