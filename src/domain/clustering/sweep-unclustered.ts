import { withTransaction, type Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { ClusteringOutbox } from '../feedback/import-feedback.js';

/**
 * A safety net: items still unclustered a few minutes after arrival are queued again, a batch job per
 * project (the pipeline is idempotent, so a duplicate job does no harm). Ingestion queues clustering in
 * the transaction that stores the items, so this finds only what a failed job gave up on, or what an
 * older version stored without a job.
 */
export async function sweepUnclustered(
  db: Pool,
  clock: Clock,
  outbox: ClusteringOutbox,
  olderThanSeconds = 180,
): Promise<number> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from feedback_items
      where cluster_id is null and received_at < $1::timestamptz - make_interval(secs => $2)
      order by received_at limit 1000`,
    [clock.now(), olderThanSeconds],
  );
  if (rows.length === 0) return 0;
  const byProject = new Map<string, string[]>();
  for (const r of rows) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r.id]);
  await withTransaction(db, async (tx) => {
    for (const [projectId, ids] of byProject) await outbox.enqueue(tx, projectId, ids);
  });
  outbox.committed();
  return rows.length;
}
