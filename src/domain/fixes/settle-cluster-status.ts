import type { Queryable } from '../../db/database.js';
import { deriveClusterStatus, type FixLineEntry } from './derive-cluster-status.js';

/**
 * Writes the status derived from the cluster's fix line (every attempt since the cluster was last
 * reopened, and their PRs) after a fix or PR changed. Call it inside the transaction that changed the
 * fix; the cluster row is locked first so two settlers write in turn, each from what the other committed.
 */
export async function settleClusterStatus(
  tx: Queryable,
  projectId: string,
  clusterId: string,
): Promise<string | undefined> {
  const { rows: cluster } = await tx.query<{ status: string; reopened_at: Date | null }>(
    'select status, reopened_at from clusters where project_id = $1 and id = $2 for update',
    [projectId, clusterId],
  );
  if (cluster[0] === undefined) return undefined;
  const { rows: fixes } = await tx.query<FixLineEntry>(
    `select status, pr_number as "prNumber", pr_state as "prState", error from agent_jobs
      where project_id = $1 and cluster_id = $2 and ($3::timestamptz is null or created_at > $3)
      order by created_at, attempt`,
    [projectId, clusterId, cluster[0].reopened_at],
  );
  const derived = deriveClusterStatus(fixes);
  if (derived === undefined) return cluster[0].status;
  await tx.query(
    `update clusters set status = $3, status_reason = $4, updated_at = now(),
            resolved_at = case when $3 = 'resolved' then coalesce(resolved_at, now()) else null end
      where project_id = $1 and id = $2`,
    [projectId, clusterId, derived.status, derived.reason],
  );
  return derived.status;
}
