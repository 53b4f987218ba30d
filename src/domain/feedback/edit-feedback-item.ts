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
import { markPlansStale } from '../plans/plan-repository.js';
import { repoName } from '../repos/repo-name.js';
import type { FeedbackItem } from './feedback-item.js';
import { deleteFeedbackItemRow, findItemPlacement, updateFeedbackFields } from './feedback-repository.js';

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
    const item = await updateFeedbackFields(tx, {
      projectId,
      itemId,
      title: patch.title,
      body: patch.body,
      repo: patch.repo,
    });
    if (item === undefined) throw notFound('feedback item');
    if (item.clusterId !== null && (patch.title !== undefined || patch.body !== undefined)) {
      await markClustersUnsummarized(tx, { projectId, clusterIds: [item.clusterId] });
      await markPlansStale(tx, {
        projectId: projectId,
        clusterIds: [item.clusterId],
        reason: 'a report in this cluster was edited',
      });
    }
    return item;
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
    const item = await findItemPlacement(tx, { projectId, itemId });
    if (item === undefined) throw notFound('feedback item');
    const clusterId = item.clusterId;
    // a cluster being fixed keeps its reports: its plan and fix describe exactly these
    if (clusterId !== null) await assertReshapable(tx, projectId, [clusterId]);
    await deleteFeedbackItemRow(tx, { projectId, itemId });
    if (clusterId === null) return { clusterId, clusterRemains: false };
    await refreshClusterStats(tx, { projectId, clusterId });
    const clusterRemains = await clusterExists(tx, { projectId, clusterId });
    if (clusterRemains) {
      await markClustersUnsummarized(tx, { projectId, clusterIds: [clusterId] });
      await markPlansStale(tx, {
        projectId: projectId,
        clusterIds: [clusterId],
        reason: 'a report in this cluster was deleted',
      });
    }
    return { clusterId, clusterRemains };
  });
}
