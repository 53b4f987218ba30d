import { withTransaction, type Pool, type Queryable } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import {
  listClusterItemIds,
  moveClusterItems,
  moveItems,
  unassignClusterItems,
} from '../feedback/feedback-repository.js';
import { markPlansStale } from '../plans/plan-repository.js';
import { lockProjectClustering } from './lock-project-clustering.js';
import {
  copyCluster,
  deleteClusters,
  findUnfixedClusterIds,
  markClustersUnsummarized,
  readClusterStates,
  refreshClusterStats,
} from './cluster-repository.js';

// A cluster being fixed (or with a PR out) keeps its shape: its plan and jobs describe these exact items.
const LOCKED = ['fixing', 'pr_opened'];

/** Refuses (404) unknown clusters and (409) clusters whose fix depends on their current items. */
export async function assertReshapable(tx: Queryable, projectId: string, ids: string[]): Promise<void> {
  const rows = await readClusterStates(tx, { projectId, clusterIds: ids });
  for (const id of ids) if (!rows.some((r) => r.id === id)) throw notFound('cluster');
  const busy = rows.find((r) => LOCKED.includes(r.status));
  if (busy)
    throw new AppError(
      'invalid_state',
      `cluster ${busy.id} is ${busy.status}; finish or cancel its fix first`,
    );
}

/** Which items came from which cluster: what a merge did, and what undoing it (a split per source) needs. */
export interface MovedItems {
  fromClusterId: string;
  itemIds: string[];
}

/** Moves every item of the source clusters into the target and removes the emptied clusters. */
export async function mergeClusters(
  db: Pool,
  projectId: string,
  targetId: string,
  sourceIds: string[],
): Promise<MovedItems[]> {
  const sources = [...new Set(sourceIds)].filter((id) => id !== targetId);
  if (sources.length === 0)
    throw new AppError('validation_failed', 'name at least one cluster other than the target');
  return withTransaction(db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    await assertReshapable(tx, projectId, [targetId, ...sources]);
    const moved = await moveClusterItems(tx, { projectId, clusterId: targetId, from: sources });
    for (const id of sources) await refreshClusterStats(tx, { projectId, clusterId: id });
    await markClustersUnsummarized(tx, { projectId, clusterIds: [targetId] });
    await refreshClusterStats(tx, { projectId, clusterId: targetId });
    await markPlansStale(tx, {
      projectId: projectId,
      clusterIds: [targetId],
      reason: 'other clusters were merged into this one',
    });
    return sources.map((id) => ({
      fromClusterId: id,
      itemIds: moved.filter((r) => r.fromCluster === id).map((r) => r.id),
    }));
  });
}

/** Moves the named items out of a cluster into a new one; returns the new cluster's id. */
export async function splitCluster(
  db: Pool,
  projectId: string,
  clusterId: string,
  itemIds: string[],
): Promise<string> {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) throw new AppError('validation_failed', 'name the items to move');
  return withTransaction(db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    await assertReshapable(tx, projectId, [clusterId]);
    const members = new Set(await listClusterItemIds(tx, { projectId, clusterId }));
    const foreign = ids.filter((id) => !members.has(id));
    if (foreign.length > 0)
      throw new AppError('validation_failed', `items not in this cluster: ${foreign.join(', ')}`);
    if (ids.length === members.size)
      throw new AppError('validation_failed', 'a split must leave at least one item behind');
    const newId = await copyCluster(tx, { projectId, clusterId });
    await moveItems(tx, { projectId, itemIds: ids, clusterId: newId, clusteredAt: null });
    await markClustersUnsummarized(tx, { projectId, clusterIds: [clusterId, newId] });
    await refreshClusterStats(tx, { projectId, clusterId });
    await refreshClusterStats(tx, { projectId, clusterId: newId });
    await markPlansStale(tx, {
      projectId: projectId,
      clusterIds: [clusterId],
      reason: `${ids.length} report(s) were split off`,
    });
    return newId;
  });
}

/**
 * Dissolves the project's clusters that no fix depends on (status new or ignored) and returns their items
 * in arrival order, for the caller to queue through the pipeline again (e.g. after a threshold change).
 */
export async function dissolveClusters(db: Pool, projectId: string): Promise<string[]> {
  return withTransaction(db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    const clusterIds = await findUnfixedClusterIds(tx, { projectId, forUpdate: true });
    const itemIds = await unassignClusterItems(tx, { projectId, clusterIds });
    await deleteClusters(tx, { projectId, clusterIds });
    return itemIds;
  });
}
