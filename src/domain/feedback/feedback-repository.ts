import type { Queryable } from '../../db/database.js';

/** How many of a cluster's newest reports summaries, plans and fix tasks read. */
export const RECENT_CLUSTER_ITEMS = 200;

export interface ClusterItem {
  source: string;
  title: string;
  body: string;
  url: string | null;
  /** the vendor's id (GitHub issues: owner/repo#n) */
  externalId: string;
  metadata: Record<string, unknown>;
  raw: unknown;
  receivedAt: Date;
}

/** A cluster's newest reports, newest first: what a summary, a plan and a fix task are written from. */
export async function recentClusterItems(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<ClusterItem[]> {
  const { rows } = await db.query<Omit<ClusterItem, 'receivedAt'> & { received_at: Date }>(
    `select source, title, body, url, external_id as "externalId", metadata, raw, received_at from feedback_items
      where project_id = $1 and cluster_id = $2 order by received_at desc limit $3`,
    [projectId, clusterId, RECENT_CLUSTER_ITEMS],
  );
  return rows.map(({ received_at, ...r }) => ({ ...r, receivedAt: received_at }));
}

/** The project's reports, and how many of them have no cluster yet. */
export async function countFeedbackItems(
  db: Queryable,
  o: { projectId: string },
): Promise<{ unclustered: number; total: number }> {
  const { rows } = await db.query<{ unclustered: number; total: number }>(
    `select count(*) filter (where cluster_id is null)::int as unclustered, count(*)::int as total
       from feedback_items where project_id = $1`,
    [o.projectId],
  );
  return rows[0]!;
}

/**
 * Takes every item of the named clusters out of them (unclustered again) and returns the items in
 * arrival order, for the pipeline to place anew.
 */
export async function unassignClusterItems(
  db: Queryable,
  o: { projectId: string; clusterIds: string[] },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `with freed as (
       update feedback_items set cluster_id = null, clustered_at = null
        where project_id = $1 and cluster_id = any($2::uuid[])
        returning id, received_at
     )
     select id from freed order by received_at, id`,
    [o.projectId, o.clusterIds],
  );
  return rows.map((r) => r.id);
}
