import type { AppJobCatalog } from './catalog.js';
import type { JobQueue } from './job-queue.js';

/**
 * The hand-offs of the data path, in one place: each step that finishes (a stored item, a changed cluster,
 * a due source, a created fix) names the durable job that carries the work on. Domain code calls these
 * through the narrow interfaces it declares; only this module knows they are queue jobs. Every call is
 * made after the caller's transaction committed (the queue shares the connection in embedded mode).
 */
export interface NextSteps {
  /** a feedback item was stored: cluster it */
  itemStored(projectId: string, itemId: string): Promise<void>;
  /** a cluster's membership changed: refresh its summary */
  clusterChanged(projectId: string, clusterId: string): Promise<void>;
  /** a polled source is due: poll it (one queued poll per source, so a slow one cannot pile up runs) */
  sourceDue(projectId: string, sourceId: string): Promise<void>;
  /** a fix was created (pending): run it; returns the queue's job id */
  fixCreated(projectId: string, fixId: string): Promise<string | null>;
  /** a re-embedding batch was full: send the next one */
  reembedMore(): Promise<void>;
  /** reports were edited at their source (their vectors were dropped): renew summaries and vectors */
  itemsEdited(projectId: string, clusterIds: string[]): Promise<void>;
}

export function createNextSteps(queue: JobQueue<AppJobCatalog>): NextSteps {
  return {
    itemStored: async (projectId, itemId) => {
      await queue.send('cluster-feedback-item', { projectId, itemId });
    },
    // A short delay lets a burst of new members share one summary run, and at most one run per cluster
    // every few seconds (plus one for later changes): under a stream of webhooks every batch touched the
    // same clusters, and re-summarizing each time took the CPU the ingest path needed.
    clusterChanged: async (projectId, clusterId) => {
      await queue.send(
        'summarize-cluster',
        { projectId, clusterId },
        { startAfterSeconds: 2, singletonKey: clusterId, debounceSeconds: 10 },
      );
    },
    sourceDue: async (projectId, sourceId) => {
      await queue.send('poll-source', { projectId, sourceId }, { singletonKey: sourceId });
    },
    fixCreated: (projectId, fixId) => queue.send('run-agent-job', { projectId, jobId: fixId }),
    reembedMore: async () => {
      await queue.send('reembed-items', {}, { singletonKey: 'reembed' });
    },
    itemsEdited: async (projectId, clusterIds) => {
      for (const clusterId of clusterIds)
        await queue.send('summarize-cluster', { projectId, clusterId }, { singletonKey: clusterId });
      await queue.send('reembed-items', {}, { singletonKey: 'reembed' });
    },
  };
}
