import type { Queryable } from '../../db/database.js';
import type { Neighbor } from './decide-assignment.js';

/** Members of the neighbours' clusters (primary-key lookups), for the cluster-level test. */
export async function clusterSizes(
  db: Queryable,
  projectId: string,
  neighbors: Neighbor[],
): Promise<Map<string, number>> {
  const ids = [...new Set(neighbors.flatMap((n) => (n.clusterId ? [n.clusterId] : [])))];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; item_count: number }>(
    'select id, item_count from clusters where project_id = $1 and id = any($2::uuid[])',
    [projectId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.item_count]));
}
