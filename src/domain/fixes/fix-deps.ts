import type { Config } from '../../config/config.js';
import type { RunnerName } from '../../config/sections/fixes.js';
import type { Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { GeneratePlanDeps } from '../plans/generate-plan.js';
import type { Runner } from './runner.js';
import type { RunningFixes } from './running-fixes.js';
import type { NotificationRecorder } from '../notifications/notification-events.js';

/** What the fix operations need; built once by createRuntime (src/runtime.ts). */
export interface FixDeps {
  db: Pool;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  fixes: Config['fixes'];
  github: Config['github'];
  /** the runner by name; throws a clear AppError when the server lacks its settings */
  getRunner(name: RunnerName): Runner;
  fetch: typeof fetch;
  /** PUBLIC_URL (or the listen address): PR bodies link the cluster's dashboard page */
  publicUrl: string;
  plans: GeneratePlanDeps;
  running: RunningFixes;
  /** queues the run of a created fix; returns the queue's job id */
  enqueueRun(projectId: string, fixId: string): Promise<string | null>;
  /** records notifications (fix succeeded/failed, PR merged) in the transaction of the change */
  notifications?: NotificationRecorder | undefined;
}
