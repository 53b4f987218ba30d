import type { Queryable } from '../../db/database.js';

/** How far clustering has got: reports still without a cluster, all reports, and clusters so far. */
export async function clusteringProgress(
  db: Queryable,
  projectId: string,
): Promise<{ unclustered: number; total: number; clusters: number }> {
  const { rows } = await db.query<{ unclustered: number; total: number; clusters: number }>(
    `select (select count(*)::int from feedback_items where project_id = $1 and cluster_id is null) as unclustered,
            (select count(*)::int from feedback_items where project_id = $1) as total,
            (select count(*)::int from clusters where project_id = $1) as clusters`,
    [projectId],
  );
  return rows[0]!;
}
