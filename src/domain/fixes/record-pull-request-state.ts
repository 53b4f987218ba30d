import { withTransaction, type Pool } from '../../db/database.js';
import { moveClusterIfAllowed } from '../clustering/cluster-transitions.js';

export type PullRequestState = 'open' | 'closed' | 'merged';

/**
 * What GitHub says happened to a fix's pull request (webhook or poll), applied to the job and its
 * cluster: merged → cluster `resolved`; closed without merging → cluster back to `new` (the fix was
 * rejected, the problem is still there); reopened → `pr_opened` again. Returns the clusters changed.
 */
export async function recordPullRequestState(
  db: Pool,
  where: { projectId: string; repo: string; number: number },
  state: PullRequestState,
): Promise<string[]> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ cluster_id: string }>(
      `update agent_jobs set pr_state = $4, updated_at = now()
        where project_id = $1 and lower(repo) = lower($2) and pr_number = $3 and pr_state is distinct from $4
        returning cluster_id`,
      [where.projectId, where.repo, where.number, state],
    );
    const clusters = [...new Set(rows.map((r) => r.cluster_id))];
    const event = ({ merged: 'pr-merged', closed: 'pr-closed', open: 'pr-reopened' } as const)[state];
    for (const clusterId of clusters) await moveClusterIfAllowed(tx, where.projectId, clusterId, event);
    return clusters;
  });
}
