import type { Queryable } from '../../db/database.js';
import { rankSetSql, reportDaySql } from './cluster-rank-sql.js';

/**
 * Recomputes a cluster's counts, authors, daily counts, first/last seen and priority from its items;
 * deletes it when it has none left.
 */
export async function refreshClusterStats(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<void> {
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
    [projectId, clusterId],
  );
  await db.query('delete from clusters where project_id = $1 and id = $2 and item_count = 0', [
    projectId,
    clusterId,
  ]);
}
