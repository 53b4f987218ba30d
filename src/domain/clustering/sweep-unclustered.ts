import { withTransaction, type Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { ClusteringOutbox } from '../feedback/import-feedback.js';
import { findStaleUnclustered } from '../feedback/feedback-repository.js';

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
  const rows = await findStaleUnclustered(db, { now: clock.now(), olderThanSeconds, limit: 1000 });
  if (rows.length === 0) return 0;
  const byProject = new Map<string, string[]>();
  for (const r of rows) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r.id]);
  await withTransaction(db, async (tx) => {
    for (const [projectId, ids] of byProject) await outbox.enqueue(tx, projectId, ids);
  });
  outbox.committed();
  return rows.length;
}
