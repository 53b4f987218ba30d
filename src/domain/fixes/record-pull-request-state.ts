import { withTransaction, type Pool } from '../../db/database.js';
import { settleFromFixLine } from '../clustering/cluster-transitions.js';
import { setPullRequestState } from './fix-repository.js';
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
    const changed = await setPullRequestState(tx, { ...where, state });
    const clusters = [...new Set(changed.map((r) => r.clusterId))];
    for (const clusterId of clusters) await settleFromFixLine(tx, where.projectId, clusterId);
    if (state === 'merged')
      await notifications?.record(
        tx,
        where.projectId,
        changed.map((r) => ({ type: 'pr.merged' as const, clusterId: r.clusterId, fixId: r.fixId })),
      );
    return clusters;
  });
}
