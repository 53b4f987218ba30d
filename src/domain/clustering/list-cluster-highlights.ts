import type { Queryable } from '../../db/database.js';
import { clusterColumns, toCluster, type Cluster, type ClusterRow } from './cluster.js';

export interface ClusterHighlights {
  /** clusters whose first report is at most 7 days old, highest priority first */
  newThisWeek: Cluster[];
  /** clusters with more reports in the last 7 days than the 7 before, biggest gain first */
  growingFastest: Cluster[];
}

/**
 * The overview's two short lists; ignored clusters are left out. Both read stored columns through an index
 * (new clusters by created_at, growing ones among those seen in the last 8 days), no items.
 */
export async function listClusterHighlights(
  db: Queryable,
  projectId: string,
  limit = 5,
): Promise<ClusterHighlights> {
  const fresh = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters
      where project_id = $1 and status <> 'ignored'
        and created_at >= now() - interval '7 days'
        and coalesce(first_seen_at, created_at) >= now() - interval '7 days'
      order by priority desc, id desc
      limit $2`,
    [projectId, limit],
  );
  // a cluster that grew this week has a report from the last 7 days, so it was last seen within them
  const growing = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters
      where project_id = $1 and status <> 'ignored'
        and coalesce(last_seen_at, 'epoch'::timestamptz) >= now() - interval '8 days'
        and recent_count > previous_count
      order by recent_count - previous_count desc, priority desc, id desc
      limit $2`,
    [projectId, limit],
  );
  return { newThisWeek: fresh.rows.map(toCluster), growingFastest: growing.rows.map(toCluster) };
}
