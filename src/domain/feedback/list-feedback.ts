import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import {
  feedbackItemColumns,
  toFeedbackItem,
  type FeedbackItem,
  type FeedbackItemRow,
  type FeedbackSource,
} from './feedback-item.js';

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
  const { rows } = await db.query<FeedbackItemRow>(
    `select ${feedbackItemColumns} from feedback_items
      where project_id = $1
        and ($2::text is null or source = $2)
        and ($3::uuid is null or cluster_id = $3)
        and ($4::text is null or title ilike $4 or body ilike $4)
        and ($5::timestamptz is null or (received_at, id) < ($5::timestamptz, $6::uuid))
      order by received_at desc, id desc
      limit $7`,
    [
      projectId,
      opts.source ?? null,
      opts.clusterId ?? null,
      opts.q ? `%${opts.q.replace(/[%_\\]/g, '\\$&')}%` : null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
    ],
  );
  const items = rows.slice(0, limit).map(toFeedbackItem);
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
  const { rows } = await db.query<FeedbackItemRow & { raw: unknown }>(
    `select ${feedbackItemColumns}, raw from feedback_items where project_id = $1 and id = $2`,
    [projectId, itemId],
  );
  const row = rows[0];
  if (row === undefined) throw notFound('feedback item');
  return { ...toFeedbackItem(row), raw: row.raw };
}
