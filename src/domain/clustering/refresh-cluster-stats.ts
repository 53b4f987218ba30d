import type { Queryable } from '../../db/database.js';

/** Recomputes a cluster's counts and first/last seen from its items; deletes it when it has none left. */
export async function refreshClusterStats(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<void> {
  await db.query(
    `with stats as (
       select coalesce(sum(c), 0)::int as n,
              coalesce(jsonb_object_agg(source, c) filter (where source is not null), '{}'::jsonb) as sources,
              min(first_at) as first_at, max(last_at) as last_at
         from (select source, count(*)::int as c, min(coalesce(occurred_at, received_at)) as first_at, max(received_at) as last_at
                 from feedback_items where project_id = $1 and cluster_id = $2 group by source) s
     )
     update clusters c set item_count = stats.n, source_counts = stats.sources, first_seen_at = stats.first_at,
            last_seen_at = stats.last_at, updated_at = now()
       from stats where c.project_id = $1 and c.id = $2`,
    [projectId, clusterId],
  );
  await db.query('delete from clusters where project_id = $1 and id = $2 and item_count = 0', [
    projectId,
    clusterId,
  ]);
}
