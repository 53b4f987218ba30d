import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { ClusteringPipeline } from './domain/clustering/clustering-pipeline.js';
import type { SummarizeDeps } from './domain/clustering/summarize-cluster.js';
import type { StoreFeedbackDeps } from './domain/feedback/store-feedback-item.js';
import type { FixDeps } from './domain/fixes/fix-deps.js';
import type { RunningFixes } from './domain/fixes/running-fixes.js';
import type { PollSourceDeps } from './domain/ingestion/pollers/poll-source.js';
import type { GeneratePlanDeps } from './domain/plans/generate-plan.js';
import type { AppJobCatalog } from './queue/catalog.js';
import type { JobQueue } from './queue/job-queue.js';
import type { NextSteps } from './queue/next-steps.js';
import type { ClusteringOutbox } from './domain/feedback/import-feedback.js';
import type { GroupCommitter } from './domain/ingestion/group-commit.js';
import type { IngestLookups } from './domain/ingestion/ingest-lookups.js';
import type { Clock } from './lib/clock.js';
import type { SecretBox } from './lib/crypto.js';
import type { Logger } from './lib/logger.js';
import type { LanguageModel } from './llm/language-model.js';
import type { Metrics } from './observability/metrics.js';
import type { NotificationServices } from './domain/notifications/notification-services.js';

/**
 * The dependencies every route and job handler receives. Built once by createRuntime (src/runtime.ts),
 * engines included, and passed down explicitly; there are no module-level singletons. Domain code never
 * imports this bag: each operation declares the narrow dependencies it needs, and these fields provide them.
 */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  queue: JobQueue<AppJobCatalog>;
  secrets: SecretBox;
  /** undefined when LLM_PROVIDER=none: callers fall back to their labelled heuristic */
  llm: LanguageModel | undefined;
  /** outbound HTTP (vendor APIs); every vendor's base URL comes from config */
  fetch: typeof fetch;
  /** the jobs that carry each step of the data path on */
  next: NextSteps;
  /** storing feedback (webhooks, the manual form, imports); a stored item goes on to clustering */
  feedback: StoreFeedbackDeps;
  /** queues clustering of items inside the transaction that stores them (bulk and grouped ingest) */
  clusteringOutbox: ClusteringOutbox;
  /** stores deliveries (webhooks, polls, manual) in shared transactions, answering after the commit */
  ingest: GroupCommitter;
  /** the project, source and API-key lookups in front of each delivery, reused briefly */
  ingestLookups: IngestLookups;
  clustering: ClusteringPipeline;
  summaries: SummarizeDeps;
  /** polled sources (Reddit, GitHub issues) and GitHub's sync endpoint */
  pollers: PollSourceDeps;
  plans: GeneratePlanDeps;
  fixes: FixDeps;
  /** fixes running in this process (stopped on shutdown) */
  runningFixes: RunningFixes;
  /** this process's Prometheus registry (GET /metrics) */
  metrics: Metrics;
  /** rules, channels and deliveries of notifications (Slack, signed webhooks) */
  notifications: NotificationServices;
}
