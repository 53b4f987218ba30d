import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authMode } from '../../domain/auth/auth-mode.js';
import { bulkClusterInput, bulkUpdateClusters } from '../../domain/clustering/bulk-update-clusters.js';
import { clusteringProgress } from '../../domain/clustering/clustering-progress.js';
import { previewThreshold } from '../../domain/clustering/preview-threshold.js';
import {
  deleteFeedbackItem,
  editFeedbackItem,
  feedbackItemPatch,
} from '../../domain/feedback/edit-feedback-item.js';
import { moveFeedbackItem } from '../../domain/feedback/move-feedback-item.js';
import { getFixReadiness } from '../../domain/fixes/fix-readiness.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { feedbackItemView } from '../schemas/feedback-item-view.js';
import {
  bulkClustersView,
  clusteringProgressView,
  fixReadinessView,
  movedItemView,
  thresholdPreviewView,
} from '../schemas/triage-view.js';

const projectParams = z.object({ projectId: z.string() });
const itemParams = projectParams.extend({ itemId: z.uuid() });
const clusterParams = projectParams.extend({ clusterId: z.uuid() });

/**
 * Corrections a person makes from the dashboard: many clusters at once, one report moved, edited or
 * deleted, a threshold tried before it is saved, and whether a fix can start. Every change answers with
 * what undoing it needs (the previous state, or where an item came from).
 */
export const triageRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function triage(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const summarize = async (projectId: string, clusterIds: (string | null)[]) => {
      for (const clusterId of new Set(clusterIds))
        if (clusterId !== null) await deps.queue.send('summarize-cluster', { projectId, clusterId });
    };

    app.post(
      '/api/projects/:projectId/clusters/bulk',
      {
        schema: {
          params: projectParams,
          body: bulkClusterInput,
          response: {
            200: bulkClustersView,
          },
        },
      },
      async (req) => bulkUpdateClusters(deps.db.pool, req.params.projectId, req.body),
    );

    app.post(
      '/api/projects/:projectId/feedback/:itemId/move',
      {
        schema: {
          params: itemParams,
          // null: a new cluster of its own
          body: z.object({ clusterId: z.uuid().nullable() }),
          response: {
            200: movedItemView,
          },
        },
      },
      async (req) => {
        const moved = await moveFeedbackItem(
          { db: deps.db.pool, clock: deps.clock },
          req.params.projectId,
          req.params.itemId,
          req.body.clusterId,
        );
        await summarize(req.params.projectId, [moved.fromClusterId, moved.toClusterId]);
        return moved;
      },
    );

    app.patch(
      '/api/projects/:projectId/feedback/:itemId',
      { schema: { params: itemParams, body: feedbackItemPatch, response: { 200: feedbackItemView } } },
      async (req) => {
        const item = await editFeedbackItem(deps.db.pool, req.params.projectId, req.params.itemId, req.body);
        if (req.body.title !== undefined || req.body.body !== undefined)
          await summarize(req.params.projectId, [item.clusterId]);
        return item;
      },
    );

    app.delete(
      '/api/projects/:projectId/feedback/:itemId',
      { schema: { params: itemParams } },
      async (req, reply) => {
        const left = await deleteFeedbackItem(deps.db.pool, req.params.projectId, req.params.itemId);
        if (left.clusterRemains) await summarize(req.params.projectId, [left.clusterId]);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/projects/:projectId/settings/clustering/preview',
      {
        schema: {
          params: projectParams,
          // without a threshold: the saved one, so the page can show what it gives today
          querystring: z.object({ threshold: z.coerce.number().gt(0).max(1).optional() }),
          response: {
            200: thresholdPreviewView,
          },
        },
      },
      async (req) => {
        const { projectId } = req.params;
        const current = await deps.clustering.thresholdFor(projectId);
        const threshold = req.query.threshold ?? current;
        const preview = await previewThreshold(
          deps.db.pool,
          projectId,
          deps.clustering.embeddingModel,
          threshold,
        );
        return { ...preview, current };
      },
    );

    // what a re-cluster's progress bar reads: reports still waiting for a cluster, of all reports
    app.get(
      '/api/projects/:projectId/clustering/progress',
      {
        schema: {
          params: projectParams,
          response: { 200: clusteringProgressView },
        },
      },
      async (req) => clusteringProgress(deps.db.pool, req.params.projectId),
    );

    app.get(
      '/api/projects/:projectId/clusters/:clusterId/fix-readiness',
      {
        schema: {
          params: clusterParams,
          response: {
            200: fixReadinessView,
          },
        },
      },
      async (req) =>
        getFixReadiness({
          db: deps.db.pool,
          secrets: deps.secrets,
          projectId: req.params.projectId,
          clusterId: req.params.clusterId,
          userId: req.projectAuth?.userId,
          mode: authMode(deps.config),
        }),
    );
  };
