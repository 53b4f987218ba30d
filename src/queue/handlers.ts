import { REEMBED_BATCH } from '../domain/clustering/reembed-stale-items.js';
import { summarizeCluster } from '../domain/clustering/summarize-cluster.js';
import { sweepUnclustered } from '../domain/clustering/sweep-unclustered.js';
import { pollSource, type PollSourceDeps } from '../domain/ingestion/pollers/poll-source.js';
import { scheduleSourcePolls } from '../domain/ingestion/pollers/schedule-source-polls.js';
import { fixDeps } from '../domain/fixes/fix-deps.js';
import { pollPullRequests } from '../domain/fixes/poll-pull-requests.js';
import { runFix } from '../domain/fixes/run-fix.js';
import { sweepLostFixes } from '../domain/fixes/sweep-lost-fixes.js';
import type { Services } from '../services.js';
import type { JobHandlers } from './define-job.js';
import type { AppJobCatalog } from './catalog.js';

export function pollerDeps(s: Services): PollSourceDeps {
  return {
    db: s.db.pool,
    clock: s.clock,
    clustering: s.clusteringTrigger,
    logger: s.logger,
    fetch: s.fetch,
    secrets: s.secrets,
    reddit: s.config.ingest.reddit,
    github: { apiUrl: s.config.github.apiUrl },
  };
}

/** Each handler is one line into the domain. A job kind without a handler waits in the queue (logged at start). */
export function createJobHandlers(s: Services): Partial<JobHandlers<AppJobCatalog>> {
  return {
    'cluster-feedback-item': async ({ projectId, itemId }) =>
      void (await s.clustering.clusterItem(projectId, itemId)),
    'summarize-cluster': async ({ projectId, clusterId }) =>
      void (await summarizeCluster({ db: s.db.pool, llm: s.llm, logger: s.logger }, projectId, clusterId)),
    'sweep-unclustered': async () => void (await sweepUnclustered(s.db.pool, s.clock, s.clusteringTrigger)),
    'reembed-items': async () =>
      void (
        (await s.clustering.reembedStale()) === REEMBED_BATCH &&
        (await s.queue.send('reembed-items', {}, { singletonKey: 'reembed' }))
      ),
    'schedule-source-polls': async () => {
      await scheduleSourcePolls({
        db: s.db.pool,
        clock: s.clock,
        enqueuePoll: async (projectId, sourceId) =>
          void (await s.queue.send('poll-source', { projectId, sourceId }, { singletonKey: sourceId })),
      });
    },
    'poll-source': async ({ projectId, sourceId }) =>
      void (await pollSource(pollerDeps(s), projectId, sourceId)),
    'run-agent-job': async ({ projectId, jobId }) => runFix(fixDeps(s), projectId, jobId),
    'sweep-lost-fix-jobs': async () =>
      void (await sweepLostFixes(s.db.pool, s.config.fixes.workerLostSeconds)),
    'poll-pull-requests': async () => void (await pollPullRequests(fixDeps(s))),
  };
}
