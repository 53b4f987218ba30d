import type { Queryable } from '../../db/database.js';

/** Serializes every change of a project's cluster membership (assignment, merge, split) within a transaction. */
export async function lockProjectClustering(tx: Queryable, projectId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`cluster:${projectId}`]);
}
