import { withTransaction, type Pool } from '../../db/database.js';
import { settleFromFixLine } from '../clustering/cluster-transitions.js';
import type { NotificationRecorder } from '../notifications/notification-events.js';

export type PullRequestState = 'open' | 'closed' | 'merged';

/**
 * What GitHub says happened to a fix's pull request (webhook or poll), recorded on the fix; the cluster's
 * status is then derived from its whole fix line (any PR merged → `resolved`; one still open →
 * `pr_opened`; all closed unmerged → `failed` "PR closed without merge"), so the order in which the
 * events of several PRs arrive does not matter. Returns the clusters changed.
 */
export async function recordPullRequestState(
  db: Pool,
  where: { projectId: string; repo: string; number: number },
  state: PullRequestState,
  notifications?: NotificationRecorder,
): Promise<string[]> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ id: string; cluster_id: string }>(
      `update agent_jobs set pr_state = $4, updated_at = now()
        where project_id = $1 and lower(repo) = lower($2) and pr_number = $3 and pr_state is distinct from $4
        returning id, cluster_id`,
      [where.projectId, where.repo, where.number, state],
    );
    const clusters = [...new Set(rows.map((r) => r.cluster_id))];
    for (const clusterId of clusters) await settleFromFixLine(tx, where.projectId, clusterId);
    if (state === 'merged')
      await notifications?.record(
        tx,
        where.projectId,
        rows.map((r) => ({ type: 'pr.merged' as const, clusterId: r.cluster_id, fixId: r.id })),
      );
    return clusters;
  });
}
