import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { getJob, jobStatuses } from '../../domain/fixes/agent-job.js';
import { cancelJob } from '../../domain/fixes/cancel-job.js';
import { fixDeps } from '../../domain/fixes/fix-deps.js';
import { fixSettings, getFixSettings } from '../../domain/fixes/fix-settings.js';
import { listJobs, readJobLogs } from '../../domain/fixes/list-jobs.js';
import { retryJob } from '../../domain/fixes/retry-job.js';
import { startFix } from '../../domain/fixes/start-fix.js';
import type { Services } from '../../services.js';
import { changeFixSettings } from '../../domain/fixes/change-fix-settings.js';
import { listFixSettingsChanges } from '../../domain/fixes/list-fix-settings-changes.js';
import { requireProjectAccess, requireSignedInOwner } from '../auth/project-access.js';
import { fixSettingsChangeView } from '../schemas/fix-settings-change-view.js';
import { jobView, logLineView, startFixBody } from '../schemas/job-view.js';
import { streamJobEvents } from './job-events.js';

const projectParams = z.object({ projectId: z.string() });
const jobParams = projectParams.extend({ jobId: z.uuid() });

/** Starting a fix pushes and opens a PR as a GitHub user, so it needs one: API keys have none. */
function requireUser(req: FastifyRequest): string {
  const userId = req.projectAuth?.userId;
  if (userId === undefined)
    throw new AppError(
      'forbidden',
      'a fix opens a pull request as the signed-in GitHub user; sign in to start one (an API key has no user)',
    );
  return userId;
}

export const jobRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function jobs(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const fd = fixDeps(deps);

    app.post(
      '/api/projects/:projectId/clusters/:clusterId/fix',
      {
        schema: {
          params: projectParams.extend({ clusterId: z.uuid() }),
          body: startFixBody.optional(),
          response: { 202: jobView },
        },
      },
      async (req, reply) => {
        const userId = requireUser(req);
        const job = await startFix(fd, { ...req.params, userId, ...(req.body ?? {}) });
        return reply.status(202).send(job);
      },
    );

    app.get(
      '/api/projects/:projectId/jobs',
      {
        schema: {
          params: projectParams,
          querystring: z.object({
            clusterId: z.uuid().optional(),
            status: z.enum(jobStatuses).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
          response: { 200: z.object({ items: z.array(jobView), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => listJobs(deps.db.pool, req.params.projectId, req.query),
    );

    app.get(
      '/api/projects/:projectId/jobs/:jobId',
      { schema: { params: jobParams, response: { 200: jobView } } },
      async (req) => getJob(deps.db.pool, req.params.projectId, req.params.jobId),
    );

    app.post(
      '/api/projects/:projectId/jobs/:jobId/cancel',
      { schema: { params: jobParams, response: { 200: jobView } } },
      async (req) => cancelJob(fd, req.params.projectId, req.params.jobId),
    );

    app.post(
      '/api/projects/:projectId/jobs/:jobId/retry',
      { schema: { params: jobParams, response: { 202: jobView } } },
      async (req, reply) => {
        const userId = requireUser(req);
        return reply.status(202).send(await retryJob(fd, req.params.projectId, req.params.jobId, userId));
      },
    );

    // the polling fallback of the event stream
    app.get(
      '/api/projects/:projectId/jobs/:jobId/logs',
      {
        schema: {
          params: jobParams,
          querystring: z.object({
            after: z.coerce.number().int().min(0).default(0),
            limit: z.coerce.number().int().min(1).max(5000).default(1000),
          }),
          response: { 200: z.object({ lines: z.array(logLineView), status: z.enum(jobStatuses) }) },
        },
      },
      async (req) => {
        const { projectId, jobId } = req.params;
        const job = await getJob(deps.db.pool, projectId, jobId);
        const lines = await readJobLogs(deps.db.pool, projectId, jobId, req.query.after, req.query.limit);
        return { lines, status: job.status };
      },
    );

    app.get(
      '/api/projects/:projectId/jobs/:jobId/events',
      { schema: { params: jobParams, querystring: z.object({ after: z.string().optional() }) } },
      async (req, reply) => streamJobEvents(deps, req, reply, req.params.projectId, req.params.jobId),
    );

    app.get(
      '/api/projects/:projectId/settings/fix',
      { schema: { params: projectParams, response: { 200: fixSettings } } },
      async (req) => getFixSettings(deps.db.pool, req.params.projectId),
    );

    // what runs on the server: a signed-in owner only, within the server's policy, and recorded
    app.put(
      '/api/projects/:projectId/settings/fix',
      {
        preHandler: requireSignedInOwner,
        schema: { params: projectParams, body: fixSettings, response: { 200: fixSettings } },
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
          response: { 200: z.object({ items: z.array(fixSettingsChangeView) }) },
        },
      },
      async (req) => ({
        items: await listFixSettingsChanges(deps.db.pool, req.params.projectId, req.query.limit),
      }),
    );
  };
