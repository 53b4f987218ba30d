import { withTransaction, type Pool, type Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { clusterBatch } from './cluster-batch.js';
import { applyAssignment } from './apply-assignment.js';
import { loadBucketIdf, recordBucketDf, RERANK_CANDIDATES } from './bucket-idf.js';
import { decideAssignment, neighborClusterIds, type Assignment } from './decide-assignment.js';
import { embeddingText, type Embedder } from './embedder.js';
import { lockProjectClustering } from './lock-project-clustering.js';
import { reembedStaleItems } from './reembed-stale-items.js';
import { calibrationFor, defaultThreshold, thresholdForLength } from './calibration.js';
import {
  applyVerdict,
  borderlinePair,
  cachedVerdict,
  checkBorderline,
  type BorderlineCheckConfig,
} from './check-borderline.js';
import { clusterItemCounts } from './cluster-repository.js';
import { contentWords } from './embedders/local-embedder.js';
import { findItemPlacement } from '../feedback/feedback-repository.js';
import { recordDecisions } from './record-decisions.js';
import type { VectorIndex } from './vector-index.js';
import type { NotificationRecorder } from '../notifications/notification-events.js';

export interface ClusteringPipelineDeps {
  db: Pool;
  embedder: Embedder;
  index: VectorIndex;
  clock: Clock;
  logger: Logger;
  /** called after a cluster's membership changed and the change is committed */
  onClusterChanged(projectId: string, clusterId: string): Promise<void>;
  /** the LLM check of borderline matches, when an LLM is configured and the check is on */
  borderline?: BorderlineCheckConfig | undefined;
  /** records notifications (new cluster, growth, regression) in the transaction that placed the item */
  notifications?: NotificationRecorder | undefined;
}

export const TOP_K = 10;

export interface ClusterItemResult {
  clusterId: string;
  decision: Assignment['kind'] | 'already-clustered';
}

/**
 * embed → top-K nearest → the assignment rule (decideAssignment, docs/CLUSTERING.md) → assign. The decision and the assignment run
 * under a per-project advisory lock in one transaction, so items that arrive together and match each other
 * end in one cluster: whichever runs second sees the first already placed.
 */
export class ClusteringPipeline {
  constructor(private readonly deps: ClusteringPipelineDeps) {}

  /** the embedding model new items are embedded with (what a threshold is measured against) */
  get embeddingModel(): string {
    return this.deps.embedder.model;
  }

  async thresholdFor(projectId: string): Promise<number> {
    const { rows } = await this.deps.db.query<{ t: string | null }>(
      `select settings->'clustering'->>'threshold' as t from projects where id = $1`,
      [projectId],
    );
    const t = rows[0]?.t;
    return t != null ? Number(t) : defaultThreshold(this.deps.embedder.model);
  }

  /** Re-embeds a batch of clustered items that carry another model's vectors; returns how many. */
  reembedStale(): Promise<number> {
    return reembedStaleItems(this.deps);
  }

  /**
   * Items stored together (a group of webhooks, a chunk of an import), in arrival order: one item takes
   * the single-item path, more take the batch path (cluster-batch.ts).
   */
  async clusterItems(projectId: string, itemIds: string[]): Promise<number> {
    // the LLM check of borderline matches runs per item, outside the lock: those take the single path
    if (this.deps.borderline) {
      let n = 0;
      for (const id of itemIds) if (await this.clusterItem(projectId, id)) n++;
      return n;
    }
    if (itemIds.length === 1) return (await this.clusterItem(projectId, itemIds[0]!)) ? 1 : 0;
    const outcome = await clusterBatch(
      this.deps,
      projectId,
      itemIds,
      await this.thresholdFor(projectId),
      TOP_K,
    );
    for (const clusterId of outcome.clusters) await this.deps.onClusterChanged(projectId, clusterId);
    return outcome.clustered;
  }

  async clusterItem(projectId: string, itemId: string): Promise<ClusterItemResult | undefined> {
    const { db, embedder, index } = this.deps;
    const item = await findItemPlacement(db, { projectId, itemId });
    if (item === undefined) return undefined; // deleted since it was queued
    if (item.clusterId !== null) return { clusterId: item.clusterId, decision: 'already-clustered' };
    // Embedding is the slow part and needs no lock.
    const [vector] = await embedder.embed([embeddingText(item)]);
    if (vector === undefined) throw new Error('embedder returned no vector');
    await index.ensureIndex(embedder.model, vector.length);
    // stored with its model, so a later model change re-embeds instead of comparing across models
    await index.store(db, projectId, itemId, embedder.model, vector);
    const calibration = calibrationFor(embedder.model);
    const threshold = thresholdForLength(await this.thresholdFor(projectId), calibration, contentWords(item));

    const decide = async (q: Queryable) => {
      const weights = embedder.hashedBuckets ? await loadBucketIdf(q, projectId, embedder.model) : undefined;
      const neighbors = await index.nearest(q, {
        projectId,
        model: embedder.model,
        vector,
        k: TOP_K,
        excludeItemId: itemId,
        reweight: weights && { weights, candidates: RERANK_CANDIDATES },
      });
      const decision = decideAssignment(
        neighbors,
        threshold,
        calibration.test && {
          ...calibration.test,
          clusterSizes: await clusterItemCounts(q, { projectId, clusterIds: neighborClusterIds(neighbors) }),
        },
      );
      const pair = this.deps.borderline && borderlinePair(decision, threshold, this.deps.borderline.band);
      return { neighbors, decision, pair };
    };
    // The LLM is asked before the lock (it takes seconds); the locked decision uses its cached answer
    // when it hinges on the same pair.
    const { borderline } = this.deps;
    if (borderline) {
      const { pair } = await decide(db);
      if (pair) await checkBorderline(db, borderline, projectId, itemId, pair.otherItemId);
    }

    const result = await withTransaction(db, async (tx) => {
      await lockProjectClustering(tx, projectId);
      const placed = (await findItemPlacement(tx, { projectId, itemId }))?.clusterId;
      if (placed) return { clusterId: placed, decision: 'already-clustered' as const };
      const { neighbors, decision: ruled, pair } = await decide(tx);
      const verdict = pair && (await cachedVerdict(tx, projectId, itemId, pair.otherItemId));
      const decision = pair && verdict ? applyVerdict(ruled, pair, verdict) : ruled;
      // in the transaction that decides, so a retried job never counts a report twice
      if (embedder.hashedBuckets && decision.kind !== 'join')
        await recordBucketDf(tx, projectId, embedder.model, vector, embedder.hashedBuckets);
      const { clusterId, events } = await applyAssignment(tx, {
        projectId,
        item: { id: itemId, title: item.title },
        decision,
        clusteredAt: this.deps.clock.now(),
      });
      await recordDecisions(tx, projectId, itemId, embedder.model, threshold, decision, neighbors, verdict);
      await this.deps.notifications?.record(tx, projectId, events);
      return { clusterId, decision: decision.kind };
    });
    if (result.decision !== 'already-clustered') {
      this.deps.logger.debug({ projectId, itemId, ...result }, 'item clustered');
      await this.deps.onClusterChanged(projectId, result.clusterId);
    }
    return result;
  }
}
