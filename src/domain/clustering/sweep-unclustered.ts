import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { ClusteringTrigger } from '../feedback/store-feedback-item.js';

/**
 * Storing an item and queueing its clustering are two steps; a crash between them would leave the item
 * unclustered forever. Items still unclustered a few minutes after arrival are queued again (the
 * pipeline is idempotent, so a duplicate job does no harm).
 */
export async function sweepUnclustered(
  db: Queryable,
  clock: Clock,
  trigger: ClusteringTrigger,
  olderThanSeconds = 180,
): Promise<number> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from feedback_items
      where cluster_id is null and received_at < $1::timestamptz - make_interval(secs => $2)
      order by received_at limit 1000`,
    [clock.now(), olderThanSeconds],
  );
  for (const r of rows) await trigger.itemStored(r.project_id, r.id);
  return rows.length;
}
