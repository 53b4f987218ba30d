import type { Queryable } from '../../db/database.js';
import { countFeedbackItems } from '../feedback/feedback-repository.js';
import { countClusters } from './cluster-repository.js';

/** How far clustering has got: reports still without a cluster, all reports, and clusters so far. */
export async function clusteringProgress(
  db: Queryable,
  projectId: string,
): Promise<{ unclustered: number; total: number; clusters: number }> {
  const { unclustered, total } = await countFeedbackItems(db, { projectId });
  return { unclustered, total, clusters: await countClusters(db, { projectId }) };
}
