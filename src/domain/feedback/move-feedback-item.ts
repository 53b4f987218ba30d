import { withTransaction, type Pool } from '../../db/database.js';
import { lockProjectClustering } from '../clustering/lock-project-clustering.js';
import { refreshClusterStats } from '../clustering/refresh-cluster-stats.js';
import { statuses } from '../clustering/reshape-clusters.js';
import { AppError, notFound } from '../errors.js';
import { markPlansStale } from '../plans/mark-plans-stale.js';

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
  db: Pool,
  projectId: string,
  itemId: string,
  toClusterId: string | null,
): Promise<MovedItem> {
  return withTransaction(db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    const { rows } = await tx.query<{ cluster_id: string | null; title: string }>(
      'select cluster_id, title from feedback_items where project_id = $1 and id = $2',
      [projectId, itemId],
    );
    const item = rows[0];
    if (item === undefined) throw notFound('feedback item');
    const from = item.cluster_id;
    if (from !== null && from === toClusterId)
      throw new AppError('validation_failed', 'the report is already in that cluster');
    await statuses(
      tx,
      projectId,
      [from, toClusterId].filter((id): id is string => id !== null),
    );
    let target = toClusterId;
    if (target === null) {
      const created = await tx.query<{ id: string }>(
        `insert into clusters (project_id, title, repo)
         select $1, $2, coalesce((select repo from clusters where project_id = $1 and id = $3), p.repo)
           from projects p where p.id = $1 returning id`,
        [projectId, item.title, from],
      );
      target = created.rows[0]!.id;
    }
    await tx.query(
      'update feedback_items set cluster_id = $3, clustered_at = coalesce(clustered_at, now()) where project_id = $1 and id = $2',
      [projectId, itemId, target],
    );
    const touched = [from, target].filter((id): id is string => id !== null);
    await tx.query(
      'update clusters set summarized_at = null where project_id = $1 and id = any($2::uuid[])',
      [projectId, touched],
    );
    for (const id of touched) await refreshClusterStats(tx, projectId, id);
    await markPlansStale(tx, projectId, touched, 'a report was moved between clusters');
    return { itemId, fromClusterId: from, toClusterId: target };
  });
}
