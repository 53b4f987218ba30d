import { AppError } from '../errors.js';
import { getFix, type Fix } from './fix.js';
import type { FixDeps } from './fix-deps.js';
import { finishFix } from './start-fix.js';

/**
 * Cancel: a pending job is cancelled at once (its queued run then finds nothing to claim). A running job
 * gets `cancel_requested`; the worker running it (this process immediately, another one at its next
 * heartbeat) kills the sandbox and records `cancelled`. Waits briefly so the answer usually shows it.
 */
export async function cancelFix(
  deps: FixDeps,
  projectId: string,
  jobId: string,
  waitMs = 5000,
): Promise<Fix> {
  const job = await getFix(deps.db, projectId, jobId);
  if (job.status === 'pending') {
    await finishFix(deps, projectId, jobId, { status: 'cancelled', error: 'cancelled by the user' });
    return getFix(deps.db, projectId, jobId);
  }
  if (job.status !== 'running') throw new AppError('invalid_state', `the job is already ${job.status}`);
  await deps.db.query(
    `update agent_jobs set cancel_requested = true, updated_at = now() where project_id = $1 and id = $2`,
    [projectId, jobId],
  );
  deps.running.abort(jobId, 'cancelled');
  const until = Date.now() + waitMs;
  for (;;) {
    const current = await getFix(deps.db, projectId, jobId);
    if (current.status !== 'running' || Date.now() >= until) return current;
    await new Promise((r) => setTimeout(r, 100));
  }
}
