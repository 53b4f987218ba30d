import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';

/** Refuses (404) a cluster id that is not one of the project's clusters. */
export async function assertClusterExists(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<void> {
  const { rows } = await db.query('select 1 from clusters where project_id = $1 and id = $2', [
    projectId,
    clusterId,
  ]);
  if (rows.length === 0) throw notFound('cluster');
}
