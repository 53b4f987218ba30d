import { setTimeout as sleep } from 'node:timers/promises';
import type { Task } from '@aws-sdk/client-ecs';
import type { Logger } from '../../../../lib/logger.js';
import type { RunDeadline } from '../run-deadline.js';
import type { LogFollower } from './log-follower.js';

/**
 * A long agent run means hundreds of polls; the SDK already retries each call, and a poll that still
 * fails is tolerated this many times in a row before the runner gives up on the task.
 */
export const MAX_POLL_FAILURES = 5;

export type WatchResult = { kind: 'stopped'; task: Task } | { kind: 'deadline' };

/** Polls the task's status and streams its logs until the task stops or the run's deadline fires. */
export async function watchTask(opts: {
  describe: () => Promise<Task | undefined>;
  follower: LogFollower;
  deadline: RunDeadline;
  pollIntervalMs: number;
  logger: Logger;
}): Promise<WatchResult> {
  let failures = 0;
  for (;;) {
    if (opts.deadline.reason !== undefined) return { kind: 'deadline' };
    try {
      const task = await opts.describe();
      // ECS keeps stopped tasks describable for about an hour, so a missing task is an error
      if (task === undefined) throw new Error('DescribeTasks does not know the task');
      if (task.lastStatus === 'STOPPED') return { kind: 'stopped', task };
      await opts.follower.poll();
      failures = 0;
    } catch (err) {
      failures++;
      if (failures >= MAX_POLL_FAILURES) throw err;
      opts.logger.warn({ err: String(err), failures }, 'fargate poll failed; retrying');
    }
    await sleep(opts.pollIntervalMs, undefined, { signal: opts.deadline.signal }).catch(() => undefined);
  }
}
