import type { Queryable } from '../../db/database.js';
import type { Cluster } from './cluster.js';
import { listGrowingClusters, listNewClusters } from './cluster-repository.js';

export interface ClusterHighlights {
  /** clusters whose first report is at most 7 days old, highest priority first */
  newThisWeek: Cluster[];
  /** clusters with more reports in the last 7 days than the 7 before, biggest gain first */
  growingFastest: Cluster[];
}

/** The overview's two short lists (ignored clusters left out), read from stored columns through indexes. */
export async function listClusterHighlights(
  db: Queryable,
  projectId: string,
  limit = 5,
): Promise<ClusterHighlights> {
  return {
    newThisWeek: await listNewClusters(db, { projectId, limit }),
    growingFastest: await listGrowingClusters(db, { projectId, limit }),
  };
}
