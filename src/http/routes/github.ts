import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findClusterIssue } from '../../domain/github/cluster-issue-repository.js';
import { assertClusterExists } from '../../domain/clustering/cluster-repository.js';
import { getPullRequestReview, startReviewFollowUp } from '../../domain/fixes/review-follow-up.js';
import { createClusterIssue } from '../../domain/github/create-cluster-issue.js';
import { refreshPullRequestFeedback } from '../../domain/github/refresh-pull-request-feedback.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { fixView } from '../schemas/fix-view.js';
import { clusterIssueView, pullRequestReviewView } from '../schemas/github-view.js';
import { requireUser } from './fixes.js';

const clusterParams = z.object({ projectId: z.string(), clusterId: z.uuid() });
const fixParams = z.object({ projectId: z.string(), fixId: z.uuid() });

/**
 * GitHub follow-through: the issue created from a cluster, and what reviewers and checks said on a
 * fix's pull request, with the follow-up attempt that addresses it on the same branch and PR.
 */
export const githubRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function github(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const db = deps.db.pool;

    app.get(
      '/api/projects/:projectId/clusters/:clusterId/github-issue',
      {
        schema: {
          params: clusterParams,
          response: { 200: z.object({ issue: clusterIssueView.nullable() }) },
        },
      },
      async (req) => {
        await assertClusterExists(db, req.params);
        return { issue: (await findClusterIssue(db, req.params.projectId, req.params.clusterId)) ?? null };
      },
    );

    // opened as the signed-in GitHub user, like a fix's pull request
    app.post(
      '/api/projects/:projectId/clusters/:clusterId/github-issue',
      { schema: { params: clusterParams, response: { 201: clusterIssueView } } },
      async (req, reply) => {
        const issue = await createClusterIssue(deps.fixes, { ...req.params, userId: requireUser(req) });
        return reply.status(201).send(issue);
      },
    );

    const reviewView = async (projectId: string, fixId: string) => {
      const r = await getPullRequestReview(deps.fixes, projectId, fixId);
      return { ...r, prState: r.fix.prState };
    };

    app.get(
      '/api/projects/:projectId/fixes/:fixId/review',
      { schema: { params: fixParams, response: { 200: pullRequestReviewView } } },
      async (req) => reviewView(req.params.projectId, req.params.fixId),
    );

    // asks GitHub now, as the signed-in user, instead of waiting for a webhook or the scheduled poll
    app.post(
      '/api/projects/:projectId/fixes/:fixId/review/refresh',
      { schema: { params: fixParams, response: { 200: pullRequestReviewView } } },
      async (req) => {
        const userId = requireUser(req);
        const current = await getPullRequestReview(deps.fixes, req.params.projectId, req.params.fixId);
        await refreshPullRequestFeedback(deps.fixes, {
          projectId: req.params.projectId,
          repo: current.repo,
          number: current.prNumber,
          userId,
        });
        return reviewView(req.params.projectId, req.params.fixId);
      },
    );

    app.post(
      '/api/projects/:projectId/fixes/:fixId/follow-up',
      {
        schema: {
          params: fixParams,
          body: z.object({ kind: z.enum(['review', 'checks']) }),
          response: { 202: fixView },
        },
      },
      async (req, reply) => {
        const fix = await startReviewFollowUp(deps.fixes, {
          ...req.params,
          userId: requireUser(req),
          kind: req.body.kind,
        });
        return reply.status(202).send(fix);
      },
    );
  };
