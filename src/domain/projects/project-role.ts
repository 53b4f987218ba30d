import type { Queryable } from '../../db/database.js';

export type ProjectRole = 'owner' | 'member';

/**
 * The user's role in the project, or undefined when they may not see it. The local mode's single user
 * owns every project on the machine (projects made with `soulcaster project create` included).
 */
export async function projectRole(opts: {
  db: Queryable;
  projectId: string;
  user: { id: string; isLocal: boolean };
}): Promise<ProjectRole | undefined> {
  if (opts.user.isLocal) {
    const { rows } = await opts.db.query('select 1 from projects where id = $1', [opts.projectId]);
    return rows.length > 0 ? 'owner' : undefined;
  }
  const { rows } = await opts.db.query<{ role: ProjectRole }>(
    'select role from memberships where project_id = $1 and user_id = $2',
    [opts.projectId, opts.user.id],
  );
  return rows[0]?.role;
}
