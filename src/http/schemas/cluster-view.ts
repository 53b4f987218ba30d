import { z } from 'zod';
import { clusterStatuses } from '../../domain/clustering/cluster.js';
import { clusteringDecisionView } from './clustering-decision-view.js';
import { feedbackItemView } from './feedback-item-view.js';
import { page } from './page.js';

export const clusterView = z.object({
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
  statusReason: z.string().nullable(),
  createdAt: z.date(),
  priority: z.object({
    score: z.number(),
    reports: z.number(),
    authors: z.number(),
    sources: z.number(),
    recent: z.number(),
    previous: z.number(),
    parts: z.object({
      reports: z.number(),
      authors: z.number(),
      sources: z.number(),
      recent: z.number(),
      growth: z.number(),
    }),
  }),
  trend: z.array(z.number()),
});

/** GET …/clusters: one page, and how many clusters the filters match in all */
export const clusterListView = page(clusterView).extend({ total: z.number() });

/** A cluster with its newest items (the detail page), each with why it is in the cluster. */
export const clusterDetailView = clusterView.extend({
  items: z.array(feedbackItemView.extend({ clustering: clusteringDecisionView.nullable() })),
});

/** A merge: the target as it is now, and per merged cluster the items it brought (undo splits each list). */
export const mergedClusterView = clusterDetailView.extend({
  moved: z.array(z.object({ fromClusterId: z.string(), itemIds: z.array(z.string()) })),
});

export const reclusterView = z.object({ queued: z.number() });

export const clusteringThresholdView = z.object({ threshold: z.number(), default: z.boolean() });
