import { withTransaction } from '../../db/database.js';
import { loadBucketIdf, recordBucketDf, RERANK_CANDIDATES } from './bucket-idf.js';
import { calibrationFor, thresholdForLength } from './calibration.js';
import { applyAssignment } from './apply-assignment.js';
import { clusterItemCounts } from './cluster-repository.js';
import { contentWords } from './embedders/local-embedder.js';
import { findItemTexts, readItemClusters } from '../feedback/feedback-repository.js';
import { recordDecisions } from './record-decisions.js';
import type { ClusteringPipelineDeps } from './clustering-pipeline.js';
import { decideAssignment, neighborClusterIds, type Neighbor } from './decide-assignment.js';
import { embeddingText } from './embedder.js';
import { lockProjectClustering } from './lock-project-clustering.js';
import type { DomainEvent } from '../notifications/notification-events.js';

/**
 * Items decided per transaction. The decisions run under the project's lock in one transaction; on
 * PGlite that transaction also holds the only connection, so it holds only the decisions' reads and
 * writes (the neighbour searches ran before it) and stays short enough for a webhook waiting behind it.
 */
export const DECISIONS_PER_TRANSACTION = 16;

export interface BatchOutcome {
  clustered: number;
  /** clusters whose membership changed (their summaries are refreshed) */
  clusters: Set<string>;
}

/**
 * The batch path for many items of one project (a group of webhooks, a chunk of an import): one
 * embedder call for all of them, their vectors stored in two statements, each item's nearest neighbours
 * searched (every item of the batch is searchable by then, so items of the same batch meet each other),
 * then, in arrival order under the project's lock, the same rule as one item at a time. The decisions
 * read the neighbours' clusters as they are under the lock, updated by each decision before the next, so
 * the outcome is the one-at-a-time outcome. Cluster counts are added once per cluster per transaction.
 */
export async function clusterBatch(
  deps: ClusteringPipelineDeps,
  projectId: string,
  itemIds: string[],
  threshold: number,
  topK: number,
): Promise<BatchOutcome> {
  const { db, embedder, index } = deps;
  const outcome: BatchOutcome = { clustered: 0, clusters: new Set() };
  const rows = await findItemTexts(db, { projectId, itemIds, unclusteredOnly: true });
  // deleted or already placed items drop out; the rest keep the order they arrived in
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = [...new Set(itemIds)].flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [row];
  });
  if (items.length === 0) return outcome;

  const vectors = await embedder.embed(items.map((it) => embeddingText(it)));
  if (vectors.length !== items.length) throw new Error('embedder returned a vector count unlike its input');
  await index.ensureIndex(embedder.model, vectors[0]!.length);
  await index.storeMany(
    db,
    projectId,
    embedder.model,
    items.map((it, i) => ({ itemId: it.id, vector: vectors[i]! })),
  );
  const calibration = calibrationFor(embedder.model);

  // The searches are the expensive part. Each is its own short transaction (the index's iterative-scan
  // setting is transaction-local), outside the lock, so other work interleaves between them.
  const weights = embedder.hashedBuckets ? await loadBucketIdf(db, projectId, embedder.model) : undefined;
  const neighbors: Neighbor[][] = [];
  for (const [i, item] of items.entries())
    neighbors.push(
      await withTransaction(db, (tx) =>
        index.nearest(tx, {
          projectId,
          model: embedder.model,
          vector: vectors[i]!,
          k: topK,
          excludeItemId: item.id,
          reweight: weights && { weights, candidates: RERANK_CANDIDATES },
        }),
      ),
    );

  for (let start = 0; start < items.length; start += DECISIONS_PER_TRANSACTION) {
    const slice = items.slice(start, start + DECISIONS_PER_TRANSACTION);
    await withTransaction(db, async (tx) => {
      await lockProjectClustering(tx, projectId);
      // placed meanwhile (a single-item job, a neighbour's new cluster): those stay where they are
      const open = await findItemTexts(tx, {
        projectId,
        itemIds: slice.map((it) => it.id),
        unclusteredOnly: true,
      });
      const placed = new Set(slice.map((it) => it.id));
      for (const r of open) placed.delete(r.id);
      // every neighbour's cluster as it is now, under the lock
      const mine = slice.flatMap((_, k) => neighbors[start + k]!.map((n) => n.itemId));
      const clusterOf = await readItemClusters(tx, { projectId, itemIds: [...new Set(mine)] });
      const events: DomainEvent[] = [];
      for (const [k, item] of slice.entries()) {
        if (placed.has(item.id)) continue;
        const found = neighbors[start + k]!.filter((n) => clusterOf.has(n.itemId)).map((n) => ({
          ...n,
          clusterId: clusterOf.get(n.itemId) ?? null,
        }));
        const itemThreshold = thresholdForLength(threshold, calibration, contentWords(item));
        const decision = decideAssignment(
          found,
          itemThreshold,
          calibration.test && {
            ...calibration.test,
            clusterSizes: await clusterItemCounts(tx, { projectId, clusterIds: neighborClusterIds(found) }),
          },
        );
        // in the transaction that decides, so a retried batch never counts a report twice
        if (embedder.hashedBuckets && decision.kind !== 'join')
          await recordBucketDf(tx, projectId, embedder.model, vectors[start + k]!, embedder.hashedBuckets);
        const {
          clusterId,
          assigned,
          events: happened,
        } = await applyAssignment(tx, {
          projectId,
          item,
          decision,
          clusteredAt: deps.clock.now(),
        });
        events.push(...happened);
        for (const id of assigned) {
          placed.add(id);
          clusterOf.set(id, clusterId);
        }
        await recordDecisions(tx, projectId, item.id, embedder.model, itemThreshold, decision, found);
        outcome.clusters.add(clusterId);
        outcome.clustered += assigned.length;
      }
      // after the slice's decisions, so a growth check counts every report this transaction placed
      await deps.notifications?.record(tx, projectId, events);
    });
  }
  return outcome;
}
