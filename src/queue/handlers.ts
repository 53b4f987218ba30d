import type { ClusteringOutbox } from '../domain/feedback/import-feedback.js';
import type { Database } from '../db/database.js';
import type { ClusteringPipeline } from '../domain/clustering/clustering-pipeline.js';
import { REEMBED_BATCH } from '../domain/clustering/reembed-stale-items.js';
import { rerankClusters } from '../domain/clustering/cluster-repository.js';
import { summarizeCluster, type SummarizeDeps } from '../domain/clustering/summarize-cluster.js';
import { sweepUnclustered } from '../domain/clustering/sweep-unclustered.js';
import { pollSource, type PollSourceDeps } from '../domain/ingestion/pollers/poll-source.js';
import { scheduleSourcePolls } from '../domain/ingestion/pollers/schedule-source-polls.js';
import type { FixDeps } from '../domain/fixes/fix-deps.js';
import { pollPullRequests } from '../domain/fixes/poll-pull-requests.js';
import { pollClusterIssues } from '../domain/github/poll-cluster-issues.js';
import { pollPullRequestFeedback } from '../domain/github/refresh-pull-request-feedback.js';
import { runFix } from '../domain/fixes/run-fix.js';
import { sweepLostFixes } from '../domain/fixes/sweep-lost-fixes.js';
import type { Clock } from '../lib/clock.js';
import { deliverNotification, type DeliverDeps } from '../domain/notifications/deliver-notification.js';
import type { Metrics } from '../observability/metrics.js';
import type { AppJobCatalog } from './catalog.js';
import type { JobHandlers } from './define-job.js';
import type { NextSteps } from './next-steps.js';

/** The engines the handlers call, built once by createRuntime. */
export interface HandlerDeps {
  db: Database;
  clock: Clock;
  next: NextSteps;
  clustering: ClusteringPipeline;
  summaries: SummarizeDeps;
  pollers: PollSourceDeps;
  /** queues clustering of items in the transaction that stored them */
  clusteringOutbox: ClusteringOutbox;
  fixes: FixDeps;
  /** clustering latency is observed here, where every item's clustering runs */
  metrics: Pick<Metrics, 'clusteringSeconds'>;
  notifications: { deliver: DeliverDeps };
}

/**
 * One handler per catalog entry (the type requires every one), each a line into the domain.
 */
export function createJobHandlers(d: HandlerDeps): JobHandlers<AppJobCatalog> {
  return {
    'cluster-feedback-item': async ({ projectId, itemId }) => {
      const end = d.metrics.clusteringSeconds.startTimer();
      const result = await d.clustering.clusterItem(projectId, itemId);
      end({ decision: result?.decision ?? 'deleted' });
    },
    'cluster-feedback-items': async ({ projectId, itemIds }) => {
      const end = d.metrics.clusteringSeconds.startTimer();
      // one item (a lone webhook) takes the single-item path and is labelled with its decision
      if (itemIds.length === 1) {
        const result = await d.clustering.clusterItem(projectId, itemIds[0]!);
        end({ decision: result?.decision ?? 'deleted' });
        return;
      }
      await d.clustering.clusterItems(projectId, itemIds);
      end({ decision: 'batch' });
    },
    'summarize-cluster': async ({ projectId, clusterId }) =>
      void (await summarizeCluster(d.summaries, projectId, clusterId)),
    'sweep-unclustered': async () => void (await sweepUnclustered(d.db.pool, d.clock, d.clusteringOutbox)),
    'rerank-clusters': async () => void (await rerankClusters(d.db.pool)),
    'reembed-items': async () => {
      if ((await d.clustering.reembedStale()) === REEMBED_BATCH) await d.next.reembedMore();
    },
    'schedule-source-polls': async () =>
      void (await scheduleSourcePolls({ db: d.db.pool, clock: d.clock, enqueuePoll: d.next.sourceDue })),
    'poll-source': async ({ projectId, sourceId }) => void (await pollSource(d.pollers, projectId, sourceId)),
    'run-agent-job': async ({ projectId, jobId }) => runFix(d.fixes, projectId, jobId),
    'sweep-lost-fix-jobs': async () =>
      void (await sweepLostFixes(d.db.pool, d.fixes.fixes.workerLostSeconds, d.fixes.notifications)),
    'poll-pull-requests': async () => {
      await pollPullRequests(d.fixes);
      // the same schedule covers what else GitHub may not have pushed: reviews, checks, cluster issues
      await pollPullRequestFeedback(d.fixes);
      await pollClusterIssues(d.fixes);
    },
    'deliver-notification': async ({ projectId, deliveryId }) =>
      deliverNotification(d.notifications.deliver, projectId, deliveryId),
  };
}
