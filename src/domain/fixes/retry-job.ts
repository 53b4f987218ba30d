import { AppError } from '../errors.js';
import { getJob, type AgentJob } from './agent-job.js';
import type { FixDeps } from './fix-deps.js';
import { startFix } from './start-fix.js';

/** Retry = a new attempt (new job, new branch) with the same agent and runner, started by this user. */
export async function retryJob(
  deps: FixDeps,
  projectId: string,
  jobId: string,
  userId: string,
): Promise<AgentJob> {
  const job = await getJob(deps.db, projectId, jobId);
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
