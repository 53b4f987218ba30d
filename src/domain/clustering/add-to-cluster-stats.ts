import type { Queryable } from '../../db/database.js';
import { rankSetSql, reportDaySql } from './cluster-rank-sql.js';

/**
 * Adds newly assigned items to a cluster's counts, sources, authors, daily counts, first/last seen and
 * priority without reading its other members (an author is new when no other item of the cluster has it,
 * an index probe). refreshClusterStats rescans the whole cluster, which made every join cost time
 * proportional to the cluster's size (measured in docs/CLUSTERING.md); this touches only the new rows.
 */
export async function addToClusterStats(
  db: Queryable,
  projectId: string,
  clusterId: string,
  itemIds: string[],
): Promise<void> {
  if (itemIds.length === 0) return;
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
    [projectId, clusterId, itemIds],
  );
}
