import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../errors.js';
import {
  newFeedbackItem,
  type FeedbackItem,
  type NewFeedbackItem,
  type ValidFeedbackItem,
} from './feedback-item.js';
import { findFeedbackItemByKey, insertFeedbackRow } from './feedback-repository.js';

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
  const item = await insertFeedbackRow(deps.db, { projectId, item: v, receivedAt: deps.clock.now() });
  if (item !== undefined) {
    await deps.clustering.itemStored(projectId, item.id);
    return { item, duplicate: false };
  }
  const first = await findFeedbackItemByKey(deps.db, {
    projectId,
    source: v.source,
    externalId: v.externalId,
  });
  if (first === undefined) throw new Error('conflicting feedback item vanished');
  return { item: first, duplicate: true };
}
