import { withTransaction, type Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { addToClusterStats } from './add-to-cluster-stats.js';
import { moveClusterIfAllowed } from './cluster-transitions.js';
import { loadBucketIdf, recordBucketDf, RERANK_CANDIDATES } from './bucket-idf.js';
import { decideAssignment, type Assignment } from './decide-assignment.js';
import { embeddingText, type Embedder } from './embedder.js';
import { lockProjectClustering } from './lock-project-clustering.js';
import { reembedStaleItems } from './reembed-stale-items.js';
import { defaultThreshold } from './thresholds.js';
import type { VectorIndex } from './vector-index.js';

export interface ClusteringPipelineDeps {
  db: Pool;
  embedder: Embedder;
  index: VectorIndex;
  clock: Clock;
  logger: Logger;
  /** called after a cluster's membership changed and the change is committed */
  onClusterChanged(projectId: string, clusterId: string): Promise<void>;
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

  async clusterItem(projectId: string, itemId: string): Promise<ClusterItemResult | undefined> {
    const { db, embedder, index } = this.deps;
    const { rows } = await db.query<{
      title: string;
      body: string;
      cluster_id: string | null;
      embedding_model: string | null;
    }>(
      'select title, body, cluster_id, embedding_model from feedback_items where project_id = $1 and id = $2',
      [projectId, itemId],
    );
    const item = rows[0];
    if (item === undefined) return undefined; // deleted since it was queued
    if (item.cluster_id !== null) return { clusterId: item.cluster_id, decision: 'already-clustered' };
    // Embedding is the slow part and needs no lock.
    const [vector] = await embedder.embed([embeddingText(item)]);
    if (vector === undefined) throw new Error('embedder returned no vector');
    await index.ensureIndex(embedder.model, vector.length);
    // stored with its model, so a later model change re-embeds instead of comparing across models
    await index.store(db, projectId, itemId, embedder.model, vector);
    // counted once per item and model, so a retried job does not count it twice
    if (embedder.hashedBuckets && item.embedding_model !== embedder.model)
      await recordBucketDf(db, projectId, embedder.model, vector);
    const threshold = await this.thresholdFor(projectId);

    const result = await withTransaction(db, async (tx) => {
      await lockProjectClustering(tx, projectId);
      const current = await tx.query<{ cluster_id: string | null }>(
        'select cluster_id from feedback_items where project_id = $1 and id = $2',
        [projectId, itemId],
      );
      const placed = current.rows[0]?.cluster_id;
      if (placed) return { clusterId: placed, decision: 'already-clustered' as const };
      const weights = embedder.hashedBuckets ? await loadBucketIdf(tx, projectId, embedder.model) : undefined;
      const neighbors = await index.nearest(tx, {
        projectId,
        model: embedder.model,
        vector,
        k: TOP_K,
        excludeItemId: itemId,
        reweight: weights && { weights, candidates: RERANK_CANDIDATES },
      });
      const decision = decideAssignment(neighbors, threshold);
      let clusterId: string;
      if (decision.kind === 'join') {
        clusterId = decision.clusterId;
        // new feedback on a resolved cluster is a regression: reopen it
        await moveClusterIfAllowed(tx, projectId, clusterId, 'regressed');
      } else {
        const created = await tx.query<{ id: string }>(
          `insert into clusters (project_id, title, repo) select $1, $2, repo from projects where id = $1 returning id`,
          [projectId, item.title],
        );
        clusterId = created.rows[0]!.id;
      }
      const members = decision.kind === 'new-with-similar' ? [itemId, ...decision.itemIds] : [itemId];
      const assigned = await tx.query<{ id: string }>(
        `update feedback_items set cluster_id = $2, clustered_at = $4
          where project_id = $1 and id = any($3::uuid[]) and cluster_id is null returning id`,
        [projectId, clusterId, members, this.deps.clock.now()],
      );
      await addToClusterStats(
        tx,
        projectId,
        clusterId,
        assigned.rows.map((r) => r.id),
      );
      return { clusterId, decision: decision.kind };
    });
    if (result.decision !== 'already-clustered') {
      this.deps.logger.debug({ projectId, itemId, ...result }, 'item clustered');
      await this.deps.onClusterChanged(projectId, result.clusterId);
    }
    return result;
  }
}
