import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { ClusteringPipeline } from './domain/clustering/clustering-pipeline.js';
import type { ClusteringTrigger } from './domain/feedback/store-feedback-item.js';
import type { RunningFixes } from './domain/fixes/running-fixes.js';
import type { AppJobCatalog } from './queue/catalog.js';
import type { JobQueue } from './queue/job-queue.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { Logger } from './lib/logger.js';
import type { LanguageModel } from './llm/language-model.js';

/**
 * The dependencies every engine and route receives. Built once by createRuntime (src/runtime.ts) and
 * passed down explicitly; there are no module-level singletons.
 */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  queue: JobQueue<AppJobCatalog>;
  secrets: SecretBox;
  /** what storing a feedback item calls so the item gets clustered */
  clusteringTrigger: ClusteringTrigger;
  clustering: ClusteringPipeline;
  /** undefined when LLM_PROVIDER=none: callers fall back to their labelled heuristic */
  llm: LanguageModel | undefined;
  /** outbound HTTP (vendor APIs); every vendor's base URL comes from config */
  fetch: typeof fetch;
  /** fix jobs running in this process (stopped on shutdown) */
  runningFixes: RunningFixes;
}
