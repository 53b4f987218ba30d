import { getFix, type Fix } from './fix.js';
import type { FixDeps } from './fix-deps.js';
import { finishFix } from './finish-fix.js';
import { requestFixCancel } from './fix-repository.js';

export interface CancelOutcome {
  /** what cancel did: nothing (already over), cancelled a queued fix, stopped a running one, or marked
   *  one cancelled whose worker did not stop in time (it is stopped as soon as it looks) */
  action: 'none' | 'cancelled-pending' | 'stopped' | 'marked-cancelled';
  message: string;
}

const CANCELLED = 'cancelled by the user';

/**
 * Cancel works in every state and says what it did. Pending: cancelled at once (its queued run finds
 * nothing to claim). Running: `cancel_requested` is set and the run is aborted, here at once or by the
 * worker running it at its next heartbeat, which kills the agent's whole process tree. If the fix has not
 * ended after the wait, it is marked cancelled anyway: the worker sees that at its next heartbeat and
 * stops, and whatever it reports later is ignored (a fix leaves pending/running only once). Over already:
 * nothing to do, and the answer says so.
 */
export async function cancelFix(
  deps: FixDeps,
  projectId: string,
  fixId: string,
  waitMs = Math.max(5000, 2 * deps.fixes.heartbeatSeconds * 1000 + 1000),
): Promise<Fix & { cancel: CancelOutcome }> {
  const fix = await getFix(deps.db, projectId, fixId);
  const answer = async (cancel: CancelOutcome) => ({ ...(await getFix(deps.db, projectId, fixId)), cancel });
  if (fix.status === 'pending') {
    if (await finishFix(deps, projectId, fixId, { status: 'cancelled', error: CANCELLED }))
      return answer({
        action: 'cancelled-pending',
        message: 'the fix was waiting in the queue; it will not run',
      });
  }
  const current = await getFix(deps.db, projectId, fixId);
  if (current.status !== 'running' && current.status !== 'pending')
    return answer({
      action: 'none',
      message: `the fix had already ended (${current.status}); nothing to cancel`,
    });
  await requestFixCancel(deps.db, { projectId, fixId });
  const here = deps.running.abort(fixId, 'cancelled');
  const until = performance.now() + waitMs;
  for (;;) {
    const now = await getFix(deps.db, projectId, fixId);
    if (now.status !== 'running' && now.status !== 'pending')
      return answer({
        action: now.status === 'cancelled' ? 'stopped' : 'none',
        message:
          now.status === 'cancelled'
            ? `stopped the running fix ${here ? 'in this process' : 'through the worker running it'}: its agent and every process it started were killed`
            : `the fix ended (${now.status}) before the cancel reached it`,
      });
    if (performance.now() >= until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await finishFix(deps, projectId, fixId, {
    status: 'cancelled',
    error: `${CANCELLED}; the worker had not stopped within ${Math.round(waitMs / 1000)}s`,
  });
  return answer({
    action: 'marked-cancelled',
    message: `marked cancelled: the worker running it did not stop within ${Math.round(waitMs / 1000)}s; it stops at its next heartbeat and its result is ignored`,
  });
}
