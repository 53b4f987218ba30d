import { z } from 'zod';
import { defineJob, type JobDefinition } from './define-job.js';

const projectScoped = { projectId: z.uuid() };
const EVERY_MINUTE = '* * * * *';

/** A scheduled job: empty payload, never retried by the queue (the next tick is its retry). */
const cronJob = (cron: NonNullable<JobDefinition['cron']>, timeoutSeconds = 60) =>
  defineJob({
    payload: z.object({}),
    retryLimit: 0,
    retryDelaySeconds: 60,
    retryBackoff: false,
    timeoutSeconds,
    cron,
    pollingIntervalSeconds: 15,
  });

/**
 * Every durable job Soulcaster runs. Payloads carry ids, never documents: the handler re-reads current
 * state, so a retried or late job acts on the truth.
 */
export const jobCatalog = {
  'cluster-feedback-item': defineJob({
    payload: z.object({ ...projectScoped, itemId: z.uuid() }),
    retryLimit: 5,
    retryDelaySeconds: 2,
    retryBackoff: true,
    timeoutSeconds: 120,
    // one item per job: what older versions queued, and re-queued items; new items come in batches
    pollingIntervalSeconds: 5,
  }),
  /** the items one transaction stored (a group of webhooks, a chunk of an import), clustered as a batch */
  'cluster-feedback-items': defineJob({
    payload: z.object({ ...projectScoped, itemIds: z.array(z.uuid()).min(1).max(1000) }),
    retryLimit: 5,
    retryDelaySeconds: 2,
    retryBackoff: true,
    // a job whose worker died is retried after this; batches are sized to finish well within it
    timeoutSeconds: 120,
    concurrency: 2,
    pollingIntervalSeconds: 2,
  }),
  'summarize-cluster': defineJob({
    payload: z.object({ ...projectScoped, clusterId: z.uuid() }),
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryBackoff: true,
    timeoutSeconds: 120,
    pollingIntervalSeconds: 2,
  }),
  /** cron, every minute: re-queue items a crash left unclustered (stored, but their job never sent) */
  'sweep-unclustered': cronJob(EVERY_MINUTE),
  /** cron, every 15 minutes: roll clusters' 7-day windows and priority forward once the UTC day changed */
  'rerank-clusters': cronJob('*/15 * * * *'),
  /** sent at worker start and by itself while a batch was full: vectors of a previous embedding model */
  'reembed-items': defineJob({
    payload: z.object({}),
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    timeoutSeconds: 600,
    pollingIntervalSeconds: 15,
  }),
  /** cron, every minute: enqueue a poll for each due Reddit/GitHub source */
  'schedule-source-polls': cronJob(EVERY_MINUTE),
  'poll-source': defineJob({
    payload: z.object({ ...projectScoped, sourceId: z.uuid() }),
    retryLimit: 5,
    retryDelaySeconds: 30,
    retryBackoff: true,
    timeoutSeconds: 600,
    pollingIntervalSeconds: 5,
  }),
  /** one fix attempt: never retried by the queue (a retry is a new attempt); the runner enforces the
   *  per-fix time limit, this expiry is only a backstop above FIX_JOB_TIMEOUT_SECONDS' maximum.
   *  Queue names are stored (queued jobs, cron schedules), so this one and `sweep-lost-fix-jobs` keep the
   *  names they were first deployed with: a rename would strand what an older version queued. */
  'run-agent-job': defineJob({
    payload: z.object({ ...projectScoped, jobId: z.uuid() }),
    retryLimit: 0,
    retryDelaySeconds: 60,
    retryBackoff: false,
    timeoutSeconds: 23 * 3600,
    concurrency: 2,
    pollingIntervalSeconds: 2,
  }),
  /** cron, every minute: fail running fixes whose worker stopped sending heartbeats */
  'sweep-lost-fix-jobs': cronJob(EVERY_MINUTE),
  /** one attempt of one notification delivery; retried with exponential backoff while the receiver
   *  fails. Deliveries are queued with NOTIFY_* overrides of this policy (src/runtime.ts); the handler
   *  itself gives up after NOTIFY_MAX_ATTEMPTS and marks the delivery failed. */
  'deliver-notification': defineJob({
    payload: z.object({ ...projectScoped, deliveryId: z.uuid() }),
    retryLimit: 10,
    retryDelaySeconds: 10,
    retryBackoff: true,
    timeoutSeconds: 60,
    concurrency: 2,
    pollingIntervalSeconds: 2,
  }),
  /** cron (FIX_PR_POLL_CRON): record merges and closes of open fix pull requests */
  'poll-pull-requests': cronJob((config) => config.fixes.prPollCron, 600),
};

export type AppJobCatalog = typeof jobCatalog;
