import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clusterStatuses } from '../../domain/clustering/cluster.js';
import { getCluster, listClusters } from '../../domain/clustering/list-clusters.js';
import { updateCluster } from '../../domain/clustering/update-cluster.js';
import { feedbackSources } from '../../domain/feedback/feedback-item.js';
import { repoSlug } from '../../domain/projects/create-project.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';

const cluster = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  summaryKind: z.enum(['llm', 'extractive']).nullable(),
  status: z.enum(clusterStatuses),
  repo: z.string().nullable(),
  itemCount: z.number(),
  sourceCounts: z.record(z.string(), z.number()),
  firstSeenAt: z.date().nullable(),
  lastSeenAt: z.date().nullable(),
  reopenedCount: z.number(),
  createdAt: z.date(),
});
const item = z.object({
  id: z.string(),
  source: z.enum(feedbackSources),
  externalId: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  receivedAt: z.date(),
  occurredAt: z.date().nullable(),
});
const projectParams = z.object({ projectId: z.string() });
const clusterParams = projectParams.extend({ clusterId: z.uuid() });

export const clusterRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function clusters(app) {
    app.addHook('preHandler', requireProjectAccess(deps));

    app.get(
      '/api/projects/:projectId/clusters',
      {
        schema: {
          params: projectParams,
          querystring: z.object({
            status: z.enum(clusterStatuses).optional(),
            source: z.enum(feedbackSources).optional(),
            q: z.string().max(200).optional(),
            sort: z.enum(['last_seen', 'size', 'created']).default('last_seen'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
          response: { 200: z.object({ items: z.array(cluster), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => listClusters(deps.db.pool, req.params.projectId, req.query),
    );

    app.get(
      '/api/projects/:projectId/clusters/:clusterId',
      { schema: { params: clusterParams, response: { 200: cluster.extend({ items: z.array(item) }) } } },
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
            repo: repoSlug.nullable().optional(),
            status: z.enum(['ignored', 'new']).optional(),
          }),
          response: { 200: cluster },
        },
      },
      async (req) => updateCluster(deps.db.pool, req.params.projectId, req.params.clusterId, req.body),
    );
  };
