import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { moveCluster } from './cluster-transitions.js';
import { clusterColumns, toCluster, type Cluster, type ClusterRow } from './cluster.js';

export interface ClusterPatch {
  title?: string;
  summary?: string;
  repo?: string | null;
  /** people may ignore a cluster or put it back to new; fix states are set by the fix loop */
  status?: 'ignored' | 'new';
}

export async function updateCluster(
  db: Queryable,
  projectId: string,
  clusterId: string,
  patch: ClusterPatch,
): Promise<Cluster> {
  if (patch.status !== undefined)
    await moveCluster(
      db,
      projectId,
      clusterId,
      patch.status === 'ignored' ? 'ignored-by-user' : 'reset-by-user',
    );
  const { rows } = await db.query<ClusterRow>(
    `update clusters set title = coalesce($3, title), summary = coalesce($4, summary),
            repo = case when $5::boolean then $6 else repo end, updated_at = now()
      where project_id = $1 and id = $2 returning ${clusterColumns}`,
    [
      projectId,
      clusterId,
      patch.title ?? null,
      patch.summary ?? null,
      patch.repo !== undefined,
      patch.repo ?? null,
    ],
  );
  if (rows[0] === undefined) throw notFound('cluster');
  return toCluster(rows[0]);
}
