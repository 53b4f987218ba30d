import { AppError } from '../errors.js';
import { getFix, type Fix } from './fix.js';
import type { FixDeps } from './fix-deps.js';
import { startFix } from './start-fix.js';

/** Retry = a new attempt (new job, new branch) with the same agent and runner, started by this user. */
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
  return startFix(deps, {
    projectId,
    clusterId: job.clusterId,
    userId,
    agent: job.agent as never,
    runner: job.runner as never,
  });
}
