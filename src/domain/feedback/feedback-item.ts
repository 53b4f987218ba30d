import { z } from 'zod';
import { cleanJson, cleanText } from '../../lib/clean-text.js';

import { sourceKindNames, type SourceKind } from '../ingestion/vendors/registry.js';

/** A feedback item's source is the kind of source it came from (ingestion/vendors/registry.ts). */
export const feedbackSources = sourceKindNames;
export type FeedbackSource = SourceKind;

/** Text as stored: without the characters PostgreSQL refuses (NUL, lone surrogates), then checked. */
const storable = <T extends z.ZodType<string, string>>(check: T) =>
  z.string().transform(cleanText).pipe(check);

/**
 * A link shown to people: only http(s). Anything else a payload carries (`javascript:`, `data:`, `file:`,
 * not a URL at all) is dropped, and the report is stored without a link rather than refused.
 */
const httpLink = z
  .string()
  .optional()
  .transform((value) => {
    if (value === undefined) return undefined;
    try {
      const url = new URL(cleanText(value).trim());
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  });

/** What every source adapter produces: one normalized report, before it is stored. */
export const newFeedbackItem = z.object({
  source: z.enum(feedbackSources),
  sourceId: z.uuid().optional(),
  externalId: storable(z.string().min(1).max(500)),
  title: storable(z.string().trim().min(1).max(1000)),
  body: storable(z.string().max(100_000)).default(''),
  url: httpLink,
  author: storable(z.string().max(500)).optional(),
  metadata: z
    .record(z.string(), z.unknown())
    .default({})
    .transform((m) => cleanJson(m) as Record<string, unknown>),
  raw: z
    .unknown()
    .optional()
    .transform((r) => (r === undefined ? undefined : cleanJson(r))),
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
  /** the repository the report concerns, when a person named one */
  repo: string | null;
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
  repo: string | null;
}

export const feedbackItemColumns =
  'id, project_id, source, external_id, title, body, url, author, metadata, occurred_at, received_at, cluster_id, repo';

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
    repo: row.repo,
  };
}
