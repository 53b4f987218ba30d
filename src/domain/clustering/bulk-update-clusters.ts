import { z } from 'zod';
import { withTransaction, type Pool } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import { repoName } from '../repos/repo-name.js';
import { moveCluster, restoreClusterStatus } from './cluster-transitions.js';
import type { Cluster } from './cluster.js';
import { findClusters, readClusterStates, setClusterRepo } from './cluster-repository.js';

/** What a person may set on many clusters at once (fix states are the fix loop's to set). */
export const personStatuses = ['new', 'ignored', 'resolved'] as const;

const previousState = z.object({
  id: z.uuid(),
  status: z.enum(['new', 'ignored', 'resolved', 'failed', 'pr_opened']),
  repo: z.string().nullable(),
});
export type PreviousState = z.output<typeof previousState>;

export const bulkClusterInput = z.union([
  z
    .object({
      clusterIds: z.array(z.uuid()).min(1).max(200),
      status: z.enum(personStatuses).optional(),
      repo: repoName.nullable().optional(),
    })
    .refine((b) => b.status !== undefined || b.repo !== undefined, 'set status, repo or both'),
  // undo: put each cluster back as a previous bulk change found it
  z.object({ restore: z.array(previousState).min(1).max(200) }),
]);
export type BulkClusterInput = z.output<typeof bulkClusterInput>;

/**
 * Sets the status and/or repository of many clusters in one transaction and returns each one's state
 * before, so the change can be undone with `restore`. A cluster being fixed is refused as a whole
 * (nothing is written), like a single PATCH would be.
 */
export async function bulkUpdateClusters(
  db: Pool,
  projectId: string,
  input: BulkClusterInput,
): Promise<{ clusters: Cluster[]; previous: PreviousState[] }> {
  const ids = 'restore' in input ? input.restore.map((r) => r.id) : [...new Set(input.clusterIds)];
  return withTransaction(db, async (tx) => {
    const before = await readClusterStates(tx, { projectId, clusterIds: ids, forUpdate: true });
    for (const id of ids) if (!before.some((r) => r.id === id)) throw notFound('cluster');
    const busy = before.find((r) => r.status === 'fixing');
    if (busy)
      throw new AppError(
        'invalid_state',
        `cluster ${busy.id} has a fix running; cancel it before changing it`,
      );
    const event = { new: 'reset-by-user', ignored: 'ignored-by-user', resolved: 'resolved-by-user' } as const;
    for (const r of before) {
      const target = 'restore' in input ? input.restore.find((x) => x.id === r.id) : undefined;
      if (target !== undefined) await restoreClusterStatus(tx, projectId, r.id, target.status);
      else if (!('restore' in input) && input.status !== undefined && input.status !== r.status)
        await moveCluster(tx, projectId, r.id, event[input.status]);
      const repo = target !== undefined ? target.repo : 'restore' in input ? undefined : input.repo;
      if (repo !== undefined) await setClusterRepo(tx, { projectId, clusterId: r.id, repo });
    }
    return {
      clusters: await findClusters(tx, { projectId, clusterIds: ids }),
      previous: before.map((r) => ({ id: r.id, status: r.status as PreviousState['status'], repo: r.repo })),
    };
  });
}
