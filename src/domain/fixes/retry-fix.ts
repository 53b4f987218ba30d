import { AppError } from '../errors.js';
import { getFix, type Fix } from './fix.js';
import type { FixDeps } from './fix-deps.js';
import { findLatestAttempt } from './fix-repository.js';
import { startFix } from './start-fix.js';

/**
 * Retry = a new attempt (new fix, new branch) with the same agent and runner, started by this user. Only
 * the cluster's latest attempt can be retried: retrying an older one after a later attempt would start
 * a second fix line beside the current one.
 */
export async function retryFix(
  deps: FixDeps,
  projectId: string,
  jobId: string,
  userId: string,
): Promise<Fix> {
  const job = await getFix(deps.db, projectId, jobId);
  if (job.status !== 'failed' && job.status !== 'cancelled')
    throw new AppError(
      'invalid_state',
      `only failed or cancelled jobs can be retried (this one is ${job.status})`,
    );
  const latest = await findLatestAttempt(deps.db, { projectId, clusterId: job.clusterId });
  if (latest !== undefined && latest.id !== job.id)
    throw new AppError(
      'invalid_state',
      `only the latest attempt of a cluster can be retried (this is attempt ${job.attempt}; the latest is attempt ${latest.attempt})`,
    );
  return startFix(deps, {
    projectId,
    clusterId: job.clusterId,
    userId,
    agent: job.agent as never,
    runner: job.runner as never,
  });
}
