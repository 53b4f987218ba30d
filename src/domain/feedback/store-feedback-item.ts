import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../errors.js';
import {
  feedbackItemColumns,
  newFeedbackItem,
  toFeedbackItem,
  type FeedbackItem,
  type FeedbackItemRow,
  type NewFeedbackItem,
  type ValidFeedbackItem,
} from './feedback-item.js';

export interface ClusteringTrigger {
  /** queues clustering of a stored item; called after the row is committed */
  itemStored(projectId: string, itemId: string): Promise<void>;
}

export interface StoreFeedbackDeps {
  db: Queryable;
  clock: Clock;
  clustering: ClusteringTrigger;
}

export interface StoreResult {
  item: FeedbackItem;
  duplicate: boolean;
}

/**
 * Stores one normalized item, idempotent on (project, source, external id): a second delivery of the same
 * report, even at the same instant, returns the first row with duplicate=true and queues nothing.
 */
export async function storeFeedbackItem(
  deps: StoreFeedbackDeps,
  projectId: string,
  input: NewFeedbackItem,
): Promise<StoreResult> {
  const parsed = newFeedbackItem.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', z.prettifyError(parsed.error));
  return insertFeedbackItem(deps, projectId, parsed.data);
}

/** The insert behind storeFeedbackItem, for callers that validated the item already (ingestItems). */
export async function insertFeedbackItem(
  deps: StoreFeedbackDeps,
  projectId: string,
  v: ValidFeedbackItem,
): Promise<StoreResult> {
  const inserted = await deps.db.query<FeedbackItemRow>(
    `insert into feedback_items
       (project_id, source, source_id, external_id, title, body, url, author, metadata, raw, occurred_at, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (project_id, source, external_id) do nothing
     returning ${feedbackItemColumns}`,
    [
      projectId,
      v.source,
      v.sourceId ?? null,
      v.externalId,
      v.title,
      v.body,
      v.url ?? null,
      v.author ?? null,
      JSON.stringify(v.metadata),
      v.raw === undefined ? null : JSON.stringify(v.raw),
      v.occurredAt ?? null,
      deps.clock.now(),
    ],
  );
  const row = inserted.rows[0];
  if (row !== undefined) {
    await deps.clustering.itemStored(projectId, row.id);
    return { item: toFeedbackItem(row), duplicate: false };
  }
  const existing = await deps.db.query<FeedbackItemRow>(
    `select ${feedbackItemColumns} from feedback_items where project_id = $1 and source = $2 and external_id = $3`,
    [projectId, v.source, v.externalId],
  );
  const first = existing.rows[0];
  if (first === undefined) throw new Error('conflicting feedback item vanished');
  return { item: toFeedbackItem(first), duplicate: true };
}
