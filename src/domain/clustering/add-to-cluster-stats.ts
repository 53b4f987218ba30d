import type { Queryable } from '../../db/database.js';

/**
 * Adds newly assigned items to a cluster's counts, sources and first/last seen without reading its other
 * members. refreshClusterStats rescans the whole cluster, which made every join cost time proportional
 * to the cluster's size (measured in docs/CLUSTERING.md); this touches only the new rows.
 */
export async function addToClusterStats(
  db: Queryable,
  projectId: string,
  clusterId: string,
  itemIds: string[],
): Promise<void> {
  if (itemIds.length === 0) return;
  await db.query(
    `with added as (
       select source, count(*)::int as c, min(coalesce(occurred_at, received_at)) as first_at,
              max(received_at) as last_at
         from feedback_items where project_id = $1 and id = any($3::uuid[]) and cluster_id = $2
        group by source
     ), total as (
       select sum(c)::int as n, min(first_at) as first_at, max(last_at) as last_at from added
     )
     update clusters c
        set item_count = c.item_count + total.n,
            source_counts = c.source_counts || (
              select jsonb_object_agg(a.source, a.c + coalesce((c.source_counts->>a.source)::int, 0)) from added a),
            first_seen_at = least(c.first_seen_at, total.first_at),
            last_seen_at = greatest(c.last_seen_at, total.last_at),
            updated_at = now()
       from total
      where c.project_id = $1 and c.id = $2 and total.n is not null`,
    [projectId, clusterId, itemIds],
  );
}
