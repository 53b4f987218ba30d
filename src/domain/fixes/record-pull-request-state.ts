import { withTransaction, type Pool } from '../../db/database.js';

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
    for (const clusterId of clusters) {
      if (state === 'merged') {
        await tx.query(
          `update clusters set status = 'resolved', resolved_at = now(), updated_at = now()
            where project_id = $1 and id = $2 and status = 'pr_opened'`,
          [where.projectId, clusterId],
        );
      } else {
        await tx.query(
          `update clusters set status = $3, updated_at = now() where project_id = $1 and id = $2 and status = $4`,
          [
            where.projectId,
            clusterId,
            state === 'closed' ? 'new' : 'pr_opened',
            state === 'closed' ? 'pr_opened' : 'new',
          ],
        );
      }
    }
    return clusters;
  });
}
