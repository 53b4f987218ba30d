import { z } from 'zod';

import { sourceKindNames, type SourceKind } from '../ingestion/vendors/registry.js';

/** A feedback item's source is the kind of source it came from (ingestion/vendors/registry.ts). */
export const feedbackSources = sourceKindNames;
export type FeedbackSource = SourceKind;

/** What every source adapter produces: one normalized report, before it is stored. */
export const newFeedbackItem = z.object({
  source: z.enum(feedbackSources),
  sourceId: z.uuid().optional(),
  externalId: z.string().min(1).max(500),
  title: z.string().trim().min(1).max(1000),
  body: z.string().max(100_000).default(''),
  url: z.url().optional(),
  author: z.string().max(500).optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  raw: z.unknown().optional(),
  occurredAt: z.date().optional(),
});
export type NewFeedbackItem = z.input<typeof newFeedbackItem>;
export type ValidFeedbackItem = z.output<typeof newFeedbackItem>;

export interface FeedbackItem {
  id: string;
  projectId: string;
  source: FeedbackSource;
  externalId: string;
  title: string;
  body: string;
  url: string | null;
  author: string | null;
  metadata: Record<string, unknown>;
  occurredAt: Date | null;
  receivedAt: Date;
  clusterId: string | null;
}

export interface FeedbackItemRow {
  id: string;
  project_id: string;
  source: FeedbackSource;
  external_id: string;
  title: string;
  body: string;
  url: string | null;
  author: string | null;
  metadata: Record<string, unknown>;
  occurred_at: Date | null;
  received_at: Date;
  cluster_id: string | null;
}

export const feedbackItemColumns =
  'id, project_id, source, external_id, title, body, url, author, metadata, occurred_at, received_at, cluster_id';

export function toFeedbackItem(row: FeedbackItemRow): FeedbackItem {
  return {
    id: row.id,
    projectId: row.project_id,
    source: row.source,
    externalId: row.external_id,
    title: row.title,
    body: row.body,
    url: row.url,
    author: row.author,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    clusterId: row.cluster_id,
  };
}
