import { withTransaction } from '../../db/database.js';
import { settleFromFixLine } from '../clustering/cluster-transitions.js';
import type { FixDeps } from './fix-deps.js';

/**
 * Moves a fix to a terminal state (only from pending/running, so a late writer never overwrites another
 * outcome) and settles its cluster's status from the whole fix line (cluster-transitions.ts).
 */
export async function finishFix(
  deps: Pick<FixDeps, 'db' | 'notifications'>,
  projectId: string,
  jobId: string,
  outcome: { status: 'success' | 'failed' | 'cancelled'; error?: string },
): Promise<boolean> {
  return withTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ cluster_id: string }>(
      `update agent_jobs set status = $3, error = $4, finished_at = now(), updated_at = now()
        where project_id = $1 and id = $2 and status in ('pending', 'running') returning cluster_id`,
      [projectId, jobId, outcome.status, outcome.error ?? null],
    );
    const clusterId = rows[0]?.cluster_id;
    if (clusterId === undefined) return false;
    await settleFromFixLine(tx, projectId, clusterId);
    if (outcome.status !== 'cancelled')
      await deps.notifications?.record(tx, projectId, [
        { type: outcome.status === 'success' ? 'fix.succeeded' : 'fix.failed', clusterId, fixId: jobId },
      ]);
    return true;
  });
}
