import type { Queryable } from '../../../db/database.js';

/**
 * Polled sources whose interval has passed since their last run and which are not waiting out a vendor
 * rate limit. Runs every minute from the scheduler.
 */
export async function findDueSources(
  db: Queryable,
  now: Date,
): Promise<{ projectId: string; sourceId: string }[]> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from sources
      where enabled and kind in ('reddit', 'github')
        and (last_run_at is null
             or last_run_at + make_interval(mins => coalesce((config->>'intervalMinutes')::int, 5)) <= $1)
        and (cursor->>'retryAfter' is null or (cursor->>'retryAfter')::timestamptz <= $1)`,
    [now],
  );
  return rows.map((r) => ({ projectId: r.project_id, sourceId: r.id }));
}
