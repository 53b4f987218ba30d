import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { FeedbackItem, FeedbackSource } from './feedback-item.js';
import { findFeedbackItemWithRaw, listFeedbackPage } from './feedback-repository.js';

export interface ListFeedbackOptions {
  source?: FeedbackSource;
  clusterId?: string;
  /** case-insensitive match on title or body */
  q?: string;
  limit?: number;
  cursor?: string;
}

/** Newest first, keyset-paginated on (received_at, id) so pages stay stable while items arrive. */
export async function listFeedback(
  db: Queryable,
  projectId: string,
  opts: ListFeedbackOptions = {},
): Promise<Page<FeedbackItem>> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const after = decodeCursor(opts.cursor) as [string, string] | undefined;
  const rows = await listFeedbackPage(db, {
    projectId,
    source: opts.source ?? null,
    clusterId: opts.clusterId ?? null,
    pattern: opts.q ? `%${opts.q.replace(/[%_\\]/g, '\\$&')}%` : null,
    after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.receivedAt.toISOString(), last.id]) : null,
  };
}

export async function getFeedbackItem(
  db: Queryable,
  projectId: string,
  itemId: string,
): Promise<FeedbackItem & { raw: unknown }> {
  const item = await findFeedbackItemWithRaw(db, { projectId, itemId });
  if (item === undefined) throw notFound('feedback item');
  return item;
}
