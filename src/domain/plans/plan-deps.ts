import path from 'node:path';
import type { Services } from '../../services.js';
import type { GeneratePlanDeps } from './generate-plan.js';

/** Plan generation's dependencies from the service bag (snapshots cached under the data directory). */
export const planDeps = (s: Services): GeneratePlanDeps => ({
  db: s.db.pool,
  llm: s.llm,
  logger: s.logger,
  repos: {
    cacheDir: path.join(s.config.database.dataDir, 'repos'),
    gitUrl: s.config.github.gitUrl,
    gitPath: s.config.fixes.local.path,
  },
});
