import { z } from 'zod';
import { withTransaction, type Pool } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import { repoSlug } from '../projects/create-project.js';
import { clusterColumns, toCluster, type Cluster, type ClusterRow, type ClusterStatus } from './cluster.js';

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
      repo: repoSlug.nullable().optional(),
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
    const { rows: before } = await tx.query<{ id: string; status: ClusterStatus; repo: string | null }>(
      'select id, status, repo from clusters where project_id = $1 and id = any($2::uuid[]) for update',
      [projectId, ids],
    );
    for (const id of ids) if (!before.some((r) => r.id === id)) throw notFound('cluster');
    const busy = before.find((r) => r.status === 'fixing');
    if (busy)
      throw new AppError(
        'invalid_state',
        `cluster ${busy.id} has a fix running; cancel it before changing it`,
      );
    const targets =
      'restore' in input
        ? input.restore
        : before.map((r) => ({
            id: r.id,
            status: input.status ?? r.status,
            repo: input.repo !== undefined ? input.repo : r.repo,
          }));
    const { rows } = await tx.query<ClusterRow>(
      `update clusters c set status = t.status, repo = t.repo, updated_at = now(),
              resolved_at = case when t.status = 'resolved' and c.status <> 'resolved' then now()
                                 when t.status <> 'resolved' then null else c.resolved_at end
         from jsonb_to_recordset($2::jsonb) as t(id uuid, status text, repo text)
        where c.project_id = $1 and c.id = t.id
        returning ${clusterColumns.replace(/(^|, )/g, '$1c.')}`,
      [projectId, JSON.stringify(targets)],
    );
    return {
      clusters: rows.map(toCluster),
      previous: before.map((r) => ({ id: r.id, status: r.status as PreviousState['status'], repo: r.repo })),
    };
  });
}
