import { listClusteringDecisions, type ClusteringDecision } from './list-clustering-decisions.js';
import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { listFeedback } from '../feedback/list-feedback.js';
import type { FeedbackItem } from '../feedback/feedback-item.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import { clusterColumns, toCluster, type Cluster, type ClusterRow, type ClusterStatus } from './cluster.js';

export interface ListClustersOptions {
  status?: ClusterStatus;
  source?: string;
  q?: string;
  sort?: ClusterSort;
  limit?: number;
  cursor?: string;
}

export const clusterSorts = ['priority', 'last_seen', 'size', 'created'] as const;
export type ClusterSort = (typeof clusterSorts)[number];

/** Each key has an index in exactly this expression and order (migrations 0350, 0720). */
const sortKey = {
  priority: 'priority',
  last_seen: "coalesce(last_seen_at, 'epoch'::timestamptz)",
  size: 'item_count',
  created: 'created_at',
} as const;

const filters = `project_id = $1
        and ($2::text is null or status = $2)
        and ($3::text is null or source_counts ? $3)
        and ($4::text is null or title ilike $4 or summary ilike $4)`;

/**
 * Keyset pagination on (sort key, id), descending, so pages stay stable while clusters change; `total`
 * counts every cluster the filters match (a count over the project's clusters, no items read).
 */
export async function listClusters(
  db: Queryable,
  projectId: string,
  opts: ListClustersOptions = {},
): Promise<Page<Cluster> & { total: number }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const sort = opts.sort ?? 'priority';
  const key = sortKey[sort];
  const after = decodeCursor(opts.cursor) as [string | number, string] | undefined;
  const cast = sort === 'size' ? 'int' : sort === 'priority' ? 'float8' : 'timestamptz';
  const filterValues = [
    projectId,
    opts.status ?? null,
    opts.source ?? null,
    opts.q ? `%${opts.q.replace(/[%_\\]/g, '\\$&')}%` : null,
  ];
  const { rows } = await db.query<ClusterRow & { sort_value: string | number | Date }>(
    `select ${clusterColumns}, ${key} as sort_value from clusters
      where ${filters}
        and ($5::text is null or (${key}, id) < ($5::${cast}, $6::uuid))
      order by ${key} desc, id desc
      limit $7`,
    [...filterValues, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const count = await db.query<{ n: number }>(
    `select count(*)::int as n from clusters where ${filters}`,
    filterValues,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const v = last?.sort_value;
  return {
    total: count.rows[0]?.n ?? 0,
    items: page.map(toCluster),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([v instanceof Date ? v.toISOString() : String(v), last.id])
        : null,
  };
}

export async function getCluster(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<Cluster & { items: (FeedbackItem & { clustering: ClusteringDecision | null })[] }> {
  const { rows } = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters where project_id = $1 and id = $2`,
    [projectId, clusterId],
  );
  if (rows[0] === undefined) throw notFound('cluster');
  const items = await listFeedback(db, projectId, { clusterId, limit: 200 });
  const decisions = await listClusteringDecisions(
    db,
    projectId,
    items.items.map((i) => i.id),
  );
  return {
    ...toCluster(rows[0]),
    items: items.items.map((i) => ({ ...i, clustering: decisions.get(i.id) ?? null })),
  };
}
