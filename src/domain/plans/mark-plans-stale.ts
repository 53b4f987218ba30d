import type { Queryable } from '../../db/database.js';

/**
 * Notes on the plans of the given clusters that their reports changed after the plan was written. The
 * plan stays (a person may still want it); the dashboard shows the reason until it is regenerated or edited.
 */
export async function markPlansStale(
  db: Queryable,
  projectId: string,
  clusterIds: string[],
  reason: string,
): Promise<void> {
  if (clusterIds.length === 0) return;
  await db.query(
    'update coding_plans set stale_reason = $3 where project_id = $1 and cluster_id = any($2::uuid[])',
    [projectId, clusterIds, reason],
  );
}
