import { z } from 'zod';
import { clusterView } from './cluster-view.js';

/** A bulk change: the clusters after it, and each one's state before (what undo restores). */
export const bulkClustersView = z.object({
  clusters: z.array(clusterView),
  previous: z.array(z.object({ id: z.string(), status: z.string(), repo: z.string().nullable() })),
});

export const movedItemView = z.object({
  itemId: z.string(),
  fromClusterId: z.string().nullable(),
  toClusterId: z.string(),
});

export const thresholdPreviewView = z.object({
  threshold: z.number(),
  current: z.number(),
  clusters: z.number(),
  items: z.number(),
  totalItems: z.number(),
  sampled: z.boolean(),
  curve: z.array(z.object({ threshold: z.number(), clusters: z.number() })),
});

export const clusteringProgressView = z.object({
  unclustered: z.number(),
  total: z.number(),
  clusters: z.number(),
});

export const fixReadinessView = z.object({
  ready: z.boolean(),
  missing: z.array(
    z.object({
      code: z.enum(['status', 'plan', 'repo', 'token', 'user']),
      message: z.string(),
      action: z.string(),
    }),
  ),
  repo: z.string().nullable(),
  planId: z.string().nullable(),
});
