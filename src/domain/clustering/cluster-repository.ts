import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { clusterColumns, toCluster, type Cluster, type ClusterRow, type ClusterStatus } from './cluster.js';
import { rankSetSql, reportDaySql, todaySql } from './cluster-rank-sql.js';

/**
 * The owner of the `clusters` table: every statement that reads or writes it lives here, except the
 * writes of `status`, which are the lifecycle's (cluster-transitions.ts). Each function takes the pool or
 * the transaction's client first, then one options object. `updated_at` and `summarized_at` take the
 * database's clock: several processes write them, and the summary's debounce compares the two.
 */

interface OneCluster {
  projectId: string;
  clusterId: string;
}

interface SomeClusters {
  projectId: string;
  clusterIds: string[];
}

/** Whether the cluster is one of the project's. */
export async function clusterExists(db: Queryable, o: OneCluster): Promise<boolean> {
  const { rows } = await db.query('select 1 from clusters where project_id = $1 and id = $2', [
    o.projectId,
    o.clusterId,
  ]);
  return rows.length > 0;
}

/** Refuses (404) a cluster id that is not one of the project's clusters. */
export async function assertClusterExists(db: Queryable, o: OneCluster): Promise<void> {
  if (!(await clusterExists(db, o))) throw notFound('cluster');
}

export async function findCluster(db: Queryable, o: OneCluster): Promise<Cluster | undefined> {
  const { rows } = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters where project_id = $1 and id = $2`,
    [o.projectId, o.clusterId],
  );
  return rows[0] && toCluster(rows[0]);
}

/** The named clusters, oldest first. */
export async function findClusters(db: Queryable, o: SomeClusters): Promise<Cluster[]> {
  const { rows } = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters where project_id = $1 and id = any($2::uuid[]) order by created_at, id`,
    [o.projectId, o.clusterIds],
  );
  return rows.map(toCluster);
}

/** What a plan, a fix and Start Fix's checks read of a cluster. */
export interface ClusterBrief {
  title: string;
  summary: string;
  status: ClusterStatus;
  repo: string | null;
}

export async function findClusterBrief(db: Queryable, o: OneCluster): Promise<ClusterBrief | undefined> {
  const { rows } = await db.query<ClusterBrief>(
    'select title, summary, status, repo from clusters where project_id = $1 and id = $2',
    [o.projectId, o.clusterId],
  );
  return rows[0];
}

/** A cluster's status, repository and saved plan (if any): what Start Fix needs to be possible. */
export async function findClusterFixInputs(
  db: Queryable,
  o: OneCluster,
): Promise<{ status: ClusterStatus; repo: string | null; planId: string | null } | undefined> {
  const { rows } = await db.query<{ status: ClusterStatus; repo: string | null; planId: string | null }>(
    `select c.status, c.repo, p.id as "planId" from clusters c
       left join coding_plans p on p.project_id = c.project_id and p.cluster_id = c.id
      where c.project_id = $1 and c.id = $2`,
    [o.projectId, o.clusterId],
  );
  return rows[0];
}

/**
 * The named clusters' status and repository; `forUpdate` locks their rows until the transaction ends
 * (a bulk change reads them under that lock).
 */
export async function readClusterStates(
  db: Queryable,
  o: SomeClusters & { forUpdate?: boolean },
): Promise<{ id: string; status: ClusterStatus; repo: string | null }[]> {
  const { rows } = await db.query<{ id: string; status: ClusterStatus; repo: string | null }>(
    `select id, status, repo from clusters where project_id = $1 and id = any($2::uuid[])${o.forUpdate ? ' for update' : ''}`,
    [o.projectId, o.clusterIds],
  );
  return rows;
}

/**
 * A cluster's status and when it was last reopened (where its current fix line starts); `forUpdate`
 * locks the row until the transaction ends.
 */
export async function readClusterStatus(
  db: Queryable,
  o: OneCluster & { forUpdate?: boolean },
): Promise<{ status: ClusterStatus; reopenedAt: Date | null } | undefined> {
  const { rows } = await db.query<{ status: ClusterStatus; reopenedAt: Date | null }>(
    `select status, reopened_at as "reopenedAt" from clusters where project_id = $1 and id = $2${o.forUpdate ? ' for update' : ''}`,
    [o.projectId, o.clusterId],
  );
  return rows[0];
}

/** Members of the named clusters (primary-key lookups), for the cluster-level test. */
export async function clusterItemCounts(db: Queryable, o: SomeClusters): Promise<Map<string, number>> {
  if (o.clusterIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; item_count: number }>(
    'select id, item_count from clusters where project_id = $1 and id = any($2::uuid[])',
    [o.projectId, o.clusterIds],
  );
  return new Map(rows.map((r) => [r.id, r.item_count]));
}

export async function countClusters(db: Queryable, o: { projectId: string }): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from clusters where project_id = $1',
    [o.projectId],
  );
  return rows[0]!.n;
}

export async function countClustersByStatus(
  db: Queryable,
  o: { projectId: string },
): Promise<{ status: ClusterStatus; n: number }[]> {
  const { rows } = await db.query<{ status: ClusterStatus; n: number }>(
    'select status, count(*)::int as n from clusters where project_id = $1 group by status',
    [o.projectId],
  );
  return rows;
}

export interface ClusterPageQuery {
  projectId: string;
  status: ClusterStatus | null;
  source: string | null;
  /** an ILIKE pattern over title and summary */
  pattern: string | null;
  sort: ClusterSort;
  /** keyset: the last row's sort value and id */
  after: [string | number, string] | undefined;
  limit: number;
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

const pageFilters = `project_id = $1
        and ($2::text is null or status = $2)
        and ($3::text is null or source_counts ? $3)
        and ($4::text is null or title ilike $4 or summary ilike $4)`;

/** How many clusters a page's filters match in all (a count over the project's clusters, no items read). */
export async function countClusterPage(
  db: Queryable,
  o: Pick<ClusterPageQuery, 'projectId' | 'status' | 'source' | 'pattern'>,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from clusters where ${pageFilters}`,
    [o.projectId, o.status, o.source, o.pattern],
  );
  return rows[0]?.n ?? 0;
}

/** One page of clusters, descending on (sort key, id), each with its sort value for the next cursor. */
export async function listClusterPage(
  db: Queryable,
  o: ClusterPageQuery,
): Promise<{ cluster: Cluster; sortValue: string | number | Date }[]> {
  const key = sortKey[o.sort];
  const cast = o.sort === 'size' ? 'int' : o.sort === 'priority' ? 'float8' : 'timestamptz';
  const { rows } = await db.query<ClusterRow & { sort_value: string | number | Date }>(
    `select ${clusterColumns}, ${key} as sort_value from clusters
      where ${pageFilters}
        and ($5::text is null or (${key}, id) < ($5::${cast}, $6::uuid))
      order by ${key} desc, id desc
      limit $7`,
    [o.projectId, o.status, o.source, o.pattern, o.after?.[0] ?? null, o.after?.[1] ?? null, o.limit],
  );
  return rows.map((r) => ({ cluster: toCluster(r), sortValue: r.sort_value }));
}

/**
 * A new, empty cluster. Its repository: the one of `repoOfClusterId` when named and set (a report split
 * off a cluster keeps where it is fixed), else the project's.
 */
export async function createCluster(
  db: Queryable,
  o: { projectId: string; title: string; repoOfClusterId?: string | null },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into clusters (project_id, title, repo)
     select $1, $2, coalesce((select repo from clusters where project_id = $1 and id = $3), p.repo)
       from projects p where p.id = $1 returning id`,
    [o.projectId, o.title, o.repoOfClusterId ?? null],
  );
  return rows[0]!.id;
}

/** A new, empty cluster with another cluster's title and repository (what a split starts from). */
export async function copyCluster(db: Queryable, o: OneCluster): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into clusters (project_id, title, repo) select project_id, title, repo from clusters where project_id = $1 and id = $2 returning id',
    [o.projectId, o.clusterId],
  );
  return rows[0]!.id;
}

/** A person's edit of title, summary and repository (`repo: undefined` keeps it, null clears it). */
export async function updateClusterFields(
  db: Queryable,
  o: OneCluster & {
    title?: string | undefined;
    summary?: string | undefined;
    repo?: string | null | undefined;
  },
): Promise<Cluster | undefined> {
  const { rows } = await db.query<ClusterRow>(
    `update clusters set title = coalesce($3, title), summary = coalesce($4, summary),
            repo = case when $5::boolean then $6 else repo end, updated_at = now()
      where project_id = $1 and id = $2 returning ${clusterColumns}`,
    [o.projectId, o.clusterId, o.title ?? null, o.summary ?? null, o.repo !== undefined, o.repo ?? null],
  );
  return rows[0] && toCluster(rows[0]);
}

export async function setClusterRepo(db: Queryable, o: OneCluster & { repo: string | null }): Promise<void> {
  await db.query('update clusters set repo = $3, updated_at = now() where project_id = $1 and id = $2', [
    o.projectId,
    o.clusterId,
    o.repo,
  ]);
}

/** When a summary was last written, and when the cluster last changed (the summary's debounce). */
export async function readSummaryState(
  db: Queryable,
  o: OneCluster,
): Promise<{ updatedAt: Date; summarizedAt: Date | null } | undefined> {
  const { rows } = await db.query<{ updatedAt: Date; summarizedAt: Date | null }>(
    'select updated_at as "updatedAt", summarized_at as "summarizedAt" from clusters where project_id = $1 and id = $2',
    [o.projectId, o.clusterId],
  );
  return rows[0];
}

export async function saveClusterSummary(
  db: Queryable,
  o: OneCluster & { title: string; summary: string; kind: 'llm' | 'extractive'; model: string | null },
): Promise<void> {
  // the database's clock: summarized_at is compared with updated_at, which other processes write
  await db.query(
    `update clusters set title = $3, summary = $4, summary_kind = $5, summary_model = $6,
            summarized_at = now(), updated_at = now()
      where project_id = $1 and id = $2`,
    [o.projectId, o.clusterId, o.title, o.summary, o.kind, o.model],
  );
}

/** Their membership changed: the next summary job rewrites their summaries. */
export async function markClustersUnsummarized(db: Queryable, o: SomeClusters): Promise<void> {
  await db.query('update clusters set summarized_at = null where project_id = $1 and id = any($2::uuid[])', [
    o.projectId,
    o.clusterIds,
  ]);
}

/** The project's clusters no fix depends on (new or ignored); `forUpdate` locks them. */
export async function findUnfixedClusterIds(
  db: Queryable,
  o: { projectId: string; forUpdate?: boolean },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from clusters where project_id = $1 and status in ('new', 'ignored')${o.forUpdate ? ' for update' : ''}`,
    [o.projectId],
  );
  return rows.map((r) => r.id);
}

/** Removes the named clusters; their items must have been moved or unassigned first. */
export async function deleteClusters(db: Queryable, o: SomeClusters): Promise<void> {
  await db.query('delete from clusters where project_id = $1 and id = any($2::uuid[])', [
    o.projectId,
    o.clusterIds,
  ]);
}

/**
 * Recomputes a cluster's counts, authors, daily counts, first/last seen and priority from its items;
 * deletes it when it has none left.
 */
export async function refreshClusterStats(db: Queryable, o: OneCluster): Promise<void> {
  await db.query(
    `with items as (
       select * from feedback_items where project_id = $1 and cluster_id = $2
     ), stats as (
       select coalesce(sum(c), 0)::int as n,
              coalesce(jsonb_object_agg(source, c) filter (where source is not null), '{}'::jsonb) as sources,
              min(first_at) as first_at, max(last_at) as last_at,
              (select count(distinct author)::int from items) as authors,
              (select coalesce(jsonb_object_agg(day, n), '{}'::jsonb) from (
                 select ${reportDaySql('i')} as day, count(*)::int as n from items i
                  where least(i.occurred_at, i.received_at) >= now() - interval '15 days' group by 1) d) as daily
         from (select source, count(*)::int as c, min(coalesce(occurred_at, received_at)) as first_at, max(received_at) as last_at
                 from items group by source) s
     )
     update clusters c set item_count = stats.n, source_counts = stats.sources, first_seen_at = stats.first_at,
            last_seen_at = stats.last_at, author_count = stats.authors,
            ${rankSetSql('stats.daily', 'stats.n', 'stats.authors', 'stats.sources')},
            updated_at = now()
       from stats where c.project_id = $1 and c.id = $2`,
    [o.projectId, o.clusterId],
  );
  await db.query('delete from clusters where project_id = $1 and id = $2 and item_count = 0', [
    o.projectId,
    o.clusterId,
  ]);
}

/**
 * Adds newly assigned items to a cluster's counts, sources, authors, daily counts, first/last seen and
 * priority without reading its other members (an author is new when no other item of the cluster has it,
 * an index probe). refreshClusterStats rescans the whole cluster, which made every join cost time
 * proportional to the cluster's size (measured in docs/CLUSTERING.md); this touches only the new rows.
 */
export async function addToClusterStats(db: Queryable, o: OneCluster & { itemIds: string[] }): Promise<void> {
  if (o.itemIds.length === 0) return;
  await db.query(
    `with new_items as (
       select * from feedback_items where project_id = $1 and id = any($3::uuid[]) and cluster_id = $2
     ), added as (
       select source, count(*)::int as c, min(coalesce(occurred_at, received_at)) as first_at,
              max(received_at) as last_at
         from new_items group by source
     ), total as (
       select sum(c)::int as n, min(first_at) as first_at, max(last_at) as last_at from added
     ), added_days as (
       select ${reportDaySql('i')} as day, count(*)::int as n from new_items i
        where least(i.occurred_at, i.received_at) >= now() - interval '15 days'
        group by 1
     ), new_authors as (
       select count(distinct a.author)::int as n from new_items a
        where a.author is not null
          and not exists (select 1 from feedback_items b
                           where b.project_id = $1 and b.cluster_id = $2 and b.author = a.author
                             and not (b.id = any($3::uuid[])))
     ), next as (
       select c.id, c.item_count + total.n as n,
              c.source_counts || (
                select jsonb_object_agg(a.source, a.c + coalesce((c.source_counts->>a.source)::int, 0)) from added a
              ) as sc,
              c.author_count + (select n from new_authors) as authors,
              c.daily_counts || coalesce((
                select jsonb_object_agg(d.day, d.n + coalesce((c.daily_counts->>d.day)::int, 0)) from added_days d
              ), '{}'::jsonb) as daily,
              total.first_at, total.last_at
         from clusters c, total
        where c.project_id = $1 and c.id = $2 and total.n is not null
     )
     update clusters c
        set item_count = next.n,
            source_counts = next.sc,
            author_count = next.authors,
            first_seen_at = least(c.first_seen_at, next.first_at),
            last_seen_at = greatest(c.last_seen_at, next.last_at),
            ${rankSetSql('next.daily', 'next.n', 'next.authors', 'next.sc')},
            updated_at = now()
       from next
      where c.project_id = $1 and c.id = next.id`,
    [o.projectId, o.clusterId, o.itemIds],
  );
}

/**
 * Rolls every cluster's 7-day windows and priority forward to today (UTC). Windows only move at midnight,
 * so only clusters not yet ranked today that had reports in the last 14 days change; a run after the
 * first of the day updates nothing. Returns how many changed.
 */
export async function rerankClusters(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `update clusters
        set ${rankSetSql('daily_counts', 'item_count', 'author_count', 'source_counts')}
      where (ranked_on is null or ranked_on < ${todaySql})
        and (daily_counts <> '{}'::jsonb or recent_count <> 0 or previous_count <> 0 or ranked_on is null)`,
  );
  return rowCount ?? 0;
}

/** Clusters whose first report is at most 7 days old, ignored ones left out, highest priority first. */
export async function listNewClusters(
  db: Queryable,
  o: { projectId: string; limit: number },
): Promise<Cluster[]> {
  const { rows } = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters
      where project_id = $1 and status <> 'ignored'
        and created_at >= now() - interval '7 days'
        and coalesce(first_seen_at, created_at) >= now() - interval '7 days'
      order by priority desc, id desc
      limit $2`,
    [o.projectId, o.limit],
  );
  return rows.map(toCluster);
}

/**
 * Clusters with more reports in the last 7 days than the 7 before, biggest gain first. A cluster that grew
 * this week has a report from the last 7 days, so it was last seen within them: the last-seen index finds
 * the candidates.
 */
export async function listGrowingClusters(
  db: Queryable,
  o: { projectId: string; limit: number },
): Promise<Cluster[]> {
  const { rows } = await db.query<ClusterRow>(
    `select ${clusterColumns} from clusters
      where project_id = $1 and status <> 'ignored'
        and coalesce(last_seen_at, 'epoch'::timestamptz) >= now() - interval '8 days'
        and recent_count > previous_count
      order by recent_count - previous_count desc, priority desc, id desc
      limit $2`,
    [o.projectId, o.limit],
  );
  return rows.map(toCluster);
}
