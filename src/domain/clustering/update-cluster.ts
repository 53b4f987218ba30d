import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { moveCluster } from './cluster-transitions.js';
import type { Cluster } from './cluster.js';
import { updateClusterFields } from './cluster-repository.js';

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
  const cluster = await updateClusterFields(db, {
    projectId,
    clusterId,
    title: patch.title,
    summary: patch.summary,
    repo: patch.repo,
  });
  if (cluster === undefined) throw notFound('cluster');
  return cluster;
}
