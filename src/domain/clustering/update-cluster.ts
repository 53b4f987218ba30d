import type { Queryable } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
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
  const { rows: current } = await db.query<{ status: string }>(
    'select status from clusters where project_id = $1 and id = $2',
    [projectId, clusterId],
  );
  if (current[0] === undefined) throw notFound('cluster');
  if (patch.status !== undefined && current[0].status === 'fixing') {
    throw new AppError(
      'invalid_state',
      'a fix is running for this cluster; cancel it before changing the status',
    );
  }
  const { rows } = await db.query<ClusterRow>(
    `update clusters set title = coalesce($3, title), summary = coalesce($4, summary),
            repo = case when $5::boolean then $6 else repo end, status = coalesce($7, status), updated_at = now()
      where project_id = $1 and id = $2 returning ${clusterColumns}`,
    [
      projectId,
      clusterId,
      patch.title ?? null,
      patch.summary ?? null,
      patch.repo !== undefined,
      patch.repo ?? null,
      patch.status ?? null,
    ],
  );
  return toCluster(rows[0]!);
}
