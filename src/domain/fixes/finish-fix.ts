import { withTransaction } from '../../db/database.js';
import { settleFromFixLine } from '../clustering/cluster-transitions.js';
import type { FixDeps } from './fix-deps.js';
import { endFix } from './fix-repository.js';

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
    const clusterId = await endFix(tx, {
      projectId,
      fixId: jobId,
      status: outcome.status,
      error: outcome.error ?? null,
    });
    if (clusterId === undefined) return false;
    await settleFromFixLine(tx, projectId, clusterId);
    if (outcome.status !== 'cancelled')
      await deps.notifications?.record(tx, projectId, [
        { type: outcome.status === 'success' ? 'fix.succeeded' : 'fix.failed', clusterId, fixId: jobId },
      ]);
    return true;
  });
}
