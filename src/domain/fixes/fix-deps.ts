import type { Config } from '../../config/config.js';
import type { RunnerName } from '../../config/sections/fixes.js';
import type { Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import { publicUrl } from '../../http/public-url.js';
import type { Services } from '../../services.js';
import type { GeneratePlanDeps } from '../plans/generate-plan.js';
import { planDeps } from '../plans/plan-deps.js';
import type { Runner } from './runner.js';
import type { RunningFixes } from './running-fixes.js';
import { createRunner } from './runners/create-runner.js';

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
  enqueueRun(projectId: string, jobId: string): Promise<string | null>;
}

export const fixDeps = (s: Services): FixDeps => ({
  db: s.db.pool,
  clock: s.clock,
  logger: s.logger,
  secrets: s.secrets,
  fixes: s.config.fixes,
  github: s.config.github,
  // built per job from config, so a runner missing its settings fails that job with a clear reason
  getRunner: (name) => createRunner({ name, config: s.config, logger: s.logger }),
  fetch: s.fetch,
  publicUrl: publicUrl(s.config),
  plans: planDeps(s),
  running: s.runningFixes,
  enqueueRun: (projectId, jobId) => s.queue.send('run-agent-job', { projectId, jobId }),
});
