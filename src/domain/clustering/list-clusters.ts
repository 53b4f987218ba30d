import { listClusteringDecisions, type ClusteringDecision } from './list-clustering-decisions.js';
import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { listFeedback } from '../feedback/list-feedback.js';
import type { FeedbackItem } from '../feedback/feedback-item.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { Cluster, ClusterStatus } from './cluster.js';
import { countClusterPage, findCluster, listClusterPage, type ClusterSort } from './cluster-repository.js';

export { clusterSorts, type ClusterSort } from './cluster-repository.js';

export interface ListClustersOptions {
  status?: ClusterStatus;
  source?: string;
  q?: string;
  sort?: ClusterSort;
  limit?: number;
  cursor?: string;
}

/**
 * Keyset pagination on (sort key, id), descending, so pages stay stable while clusters change; `total`
 * counts every cluster the filters match. Sorted by priority unless asked otherwise.
 */
export async function listClusters(
  db: Queryable,
  projectId: string,
  opts: ListClustersOptions = {},
): Promise<Page<Cluster> & { total: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const sort = opts.sort ?? 'priority';
  const after = decodeCursor(opts.cursor) as [string | number, string] | undefined;
  const filters = {
    projectId,
    status: opts.status ?? null,
    source: opts.source ?? null,
    pattern: opts.q ? `%${opts.q.replace(/[%_\\]/g, '\\$&')}%` : null,
  };
  const rows = await listClusterPage(db, { ...filters, sort, after, limit: limit + 1 });
  const total = await countClusterPage(db, filters);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const v = last?.sortValue;
  return {
    total,
    items: page.map((r) => r.cluster),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([v instanceof Date ? v.toISOString() : String(v), last.cluster.id])
        : null,
  };
}

export async function getCluster(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<Cluster & { items: (FeedbackItem & { clustering: ClusteringDecision | null })[] }> {
  const cluster = await findCluster(db, { projectId, clusterId });
  if (cluster === undefined) throw notFound('cluster');
  const items = await listFeedback(db, projectId, { clusterId, limit: 200 });
  const decisions = await listClusteringDecisions(
    db,
    projectId,
    items.items.map((i) => i.id),
  );
  return {
    ...cluster,
    items: items.items.map((i) => ({ ...i, clustering: decisions.get(i.id) ?? null })),
  };
}
