import { withTransaction } from '../../db/database.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clusterStatuses } from '../../domain/clustering/cluster.js';
import { clusterSorts, getCluster, listClusters } from '../../domain/clustering/list-clusters.js';
import { dissolveClusters, mergeClusters, splitCluster } from '../../domain/clustering/reshape-clusters.js';
import { setClusteringThreshold } from '../../domain/clustering/set-clustering-threshold.js';
import { updateCluster } from '../../domain/clustering/update-cluster.js';
import { feedbackSources } from '../../domain/feedback/feedback-item.js';
import { repoName } from '../../domain/repos/repo-name.js';
import type { Services } from '../../services.js';
import {
  clusterDetailView,
  clusterListView,
  clusterView,
  clusteringThresholdView,
  mergedClusterView,
  reclusterView,
} from '../schemas/cluster-view.js';
import { requireProjectAccess } from '../auth/project-access.js';

const projectParams = z.object({ projectId: z.string() });
const clusterParams = projectParams.extend({ clusterId: z.uuid() });

export const clusterRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function clusters(app) {
    app.addHook('onRequest', requireProjectAccess(deps));

    app.get(
      '/api/projects/:projectId/clusters',
      {
        schema: {
          params: projectParams,
          querystring: z.object({
            status: z.enum(clusterStatuses).optional(),
            source: z.enum(feedbackSources).optional(),
            q: z.string().max(200).optional(),
            sort: z.enum(clusterSorts).default('priority'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
          response: { 200: clusterListView },
        },
      },
      async (req) => listClusters(deps.db.pool, req.params.projectId, req.query),
    );

    app.get(
      '/api/projects/:projectId/clusters/:clusterId',
      { schema: { params: clusterParams, response: { 200: clusterDetailView } } },
      async (req) => getCluster(deps.db.pool, req.params.projectId, req.params.clusterId),
    );

    app.patch(
      '/api/projects/:projectId/clusters/:clusterId',
      {
        schema: {
          params: clusterParams,
          body: z.object({
            title: z.string().trim().min(1).max(300).optional(),
            summary: z.string().max(20_000).optional(),
            repo: repoName.nullable().optional(),
            status: z.enum(['ignored', 'new']).optional(),
          }),
          response: { 200: clusterView },
        },
      },
      async (req) => updateCluster(deps.db.pool, req.params.projectId, req.params.clusterId, req.body),
    );

    app.post(
      '/api/projects/:projectId/clusters/merge',
      {
        schema: {
          params: projectParams,
          body: z.object({ targetId: z.uuid(), sourceIds: z.array(z.uuid()).min(1).max(100) }),
          response: {
            200: mergedClusterView,
          },
        },
      },
      async (req) => {
        const moved = await mergeClusters(
          deps.db.pool,
          req.params.projectId,
          req.body.targetId,
          req.body.sourceIds,
        );
        await deps.queue.send('summarize-cluster', {
          projectId: req.params.projectId,
          clusterId: req.body.targetId,
        });
        return { ...(await getCluster(deps.db.pool, req.params.projectId, req.body.targetId)), moved };
      },
    );

    app.post(
      '/api/projects/:projectId/clusters/:clusterId/split',
      {
        schema: {
          params: clusterParams,
          body: z.object({ itemIds: z.array(z.uuid()).min(1).max(1000) }),
          response: { 201: clusterDetailView },
        },
      },
      async (req, reply) => {
        const { projectId, clusterId } = req.params;
        const newId = await splitCluster(deps.db.pool, projectId, clusterId, req.body.itemIds);
        for (const id of [clusterId, newId])
          await deps.queue.send('summarize-cluster', { projectId, clusterId: id });
        return reply.status(201).send(await getCluster(deps.db.pool, projectId, newId));
      },
    );

    // Re-runs clustering over the project (e.g. after a threshold change) as durable jobs, oldest first.
    app.post(
      '/api/projects/:projectId/recluster',
      { schema: { params: projectParams, response: { 202: reclusterView } } },
      async (req, reply) => {
        const items = await dissolveClusters(deps.db.pool, req.params.projectId);
        // batch jobs, queued in one transaction: the batch path clusters a whole project far faster
        await withTransaction(deps.db.pool, (tx) =>
          deps.clusteringOutbox.enqueue(tx, req.params.projectId, items),
        );
        deps.clusteringOutbox.committed();
        return reply.status(202).send({ queued: items.length });
      },
    );

    app.put(
      '/api/projects/:projectId/settings/clustering',
      {
        schema: {
          params: projectParams,
          body: z.object({ threshold: z.number().gt(0).max(1).nullable() }),
          response: { 200: clusteringThresholdView },
        },
      },
      async (req) => {
        await setClusteringThreshold(deps.db.pool, req.params.projectId, req.body.threshold);
        const threshold = await deps.clustering.thresholdFor(req.params.projectId);
        return { threshold, default: req.body.threshold === null };
      },
    );
  };
