import { z } from 'zod';
import { cleanText } from '../../lib/clean-text.js';
import { withTransaction, type Pool } from '../../db/database.js';
import { lockProjectClustering } from '../clustering/lock-project-clustering.js';
import {
  clusterExists,
  markClustersUnsummarized,
  refreshClusterStats,
} from '../clustering/cluster-repository.js';
import { assertReshapable } from '../clustering/reshape-clusters.js';
import { notFound } from '../errors.js';
import { markPlansStale } from '../plans/mark-plans-stale.js';
import { repoName } from '../repos/repo-name.js';
import {
  feedbackItemColumns,
  toFeedbackItem,
  type FeedbackItem,
  type FeedbackItemRow,
} from './feedback-item.js';

export const feedbackItemPatch = z
  .object({
    // stored like ingested text: without the characters PostgreSQL refuses
    title: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(1000)).optional(),
    body: z.string().transform(cleanText).pipe(z.string().max(100_000)).optional(),
    repo: repoName.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'change at least one of title, body, repo');
export type FeedbackItemPatch = z.output<typeof feedbackItemPatch>;

/**
 * A person corrects a report (a typo, a secret pasted into it, the repository it concerns). It stays in
 * its cluster; the cluster's summary is re-queued by the caller and its plan is marked stale, since both
 * were written from the old text.
 */
export async function editFeedbackItem(
  db: Pool,
  projectId: string,
  itemId: string,
  patch: FeedbackItemPatch,
): Promise<FeedbackItem> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<FeedbackItemRow>(
      `update feedback_items set title = coalesce($3, title), body = coalesce($4, body),
              repo = case when $5::boolean then $6 else repo end
        where project_id = $1 and id = $2 returning ${feedbackItemColumns}`,
      [
        projectId,
        itemId,
        patch.title ?? null,
        patch.body ?? null,
        patch.repo !== undefined,
        patch.repo ?? null,
      ],
    );
    const row = rows[0];
    if (row === undefined) throw notFound('feedback item');
    if (row.cluster_id !== null && (patch.title !== undefined || patch.body !== undefined)) {
      await markClustersUnsummarized(tx, { projectId, clusterIds: [row.cluster_id] });
      await markPlansStale(tx, projectId, [row.cluster_id], 'a report in this cluster was edited');
    }
    return toFeedbackItem(row);
  });
}

/**
 * Deletes a report and everything derived from it alone: its embedding goes with it (foreign key), its
 * cluster's counts are recomputed (a cluster left empty is removed with its plan), and a remaining
 * cluster's plan is marked stale. Returns the cluster it left, for the caller to re-queue its summary.
 */
export async function deleteFeedbackItem(
  db: Pool,
  projectId: string,
  itemId: string,
): Promise<{ clusterId: string | null; clusterRemains: boolean }> {
  return withTransaction(db, async (tx) => {
    await lockProjectClustering(tx, projectId);
    const { rows } = await tx.query<{ cluster_id: string | null }>(
      'select cluster_id from feedback_items where project_id = $1 and id = $2',
      [projectId, itemId],
    );
    if (rows[0] === undefined) throw notFound('feedback item');
    const clusterId = rows[0].cluster_id;
    // a cluster being fixed keeps its reports: its plan and fix describe exactly these
    if (clusterId !== null) await assertReshapable(tx, projectId, [clusterId]);
    await tx.query('delete from feedback_items where project_id = $1 and id = $2', [projectId, itemId]);
    if (clusterId === null) return { clusterId, clusterRemains: false };
    await refreshClusterStats(tx, { projectId, clusterId });
    const clusterRemains = await clusterExists(tx, { projectId, clusterId });
    if (clusterRemains) {
      await markClustersUnsummarized(tx, { projectId, clusterIds: [clusterId] });
      await markPlansStale(tx, projectId, [clusterId], 'a report in this cluster was deleted');
    }
    return { clusterId, clusterRemains };
  });
}
