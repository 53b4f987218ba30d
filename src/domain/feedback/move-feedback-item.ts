import { withTransaction, type Pool } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { lockProjectClustering } from '../clustering/lock-project-clustering.js';
import {
  createCluster,
  markClustersUnsummarized,
  refreshClusterStats,
} from '../clustering/cluster-repository.js';
import { assertReshapable } from '../clustering/reshape-clusters.js';
import { AppError, notFound } from '../errors.js';
import { markPlansStale } from '../plans/plan-repository.js';
import { findItemPlacement, moveItems } from './feedback-repository.js';

export interface MovedItem {
  itemId: string;
  fromClusterId: string | null;
  toClusterId: string;
}

/**
 * Moves one report to another cluster, or to a new cluster of its own when `toClusterId` is null (a
 * person correcting the clustering). Both clusters' counts are recomputed (an emptied one is removed)
 * and their plans are marked stale; the caller re-queues their summaries.
 */
export async function moveFeedbackItem(
  deps: { db: Pool; clock: Clock },
  projectId: string,
  itemId: string,
  toClusterId: string | null,
): Promise<MovedItem> {
  return withTransaction(deps.db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    const item = await findItemPlacement(tx, { projectId, itemId });
    if (item === undefined) throw notFound('feedback item');
    const from = item.clusterId;
    if (from !== null && from === toClusterId)
      throw new AppError('validation_failed', 'the report is already in that cluster');
    await assertReshapable(
      tx,
      projectId,
      [from, toClusterId].filter((id): id is string => id !== null),
    );
    const target =
      toClusterId ?? (await createCluster(tx, { projectId, title: item.title, repoOfClusterId: from }));
    await moveItems(tx, { projectId, itemIds: [itemId], clusterId: target, clusteredAt: deps.clock.now() });
    const touched = [from, target].filter((id): id is string => id !== null);
    await markClustersUnsummarized(tx, { projectId, clusterIds: touched });
    for (const id of touched) await refreshClusterStats(tx, { projectId, clusterId: id });
    await markPlansStale(tx, {
      projectId: projectId,
      clusterIds: touched,
      reason: 'a report was moved between clusters',
    });
    return { itemId, fromClusterId: from, toClusterId: target };
  });
}
