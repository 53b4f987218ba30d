import type { Queryable } from '../../db/database.js';
import type { ProjectRole } from './project-role.js';

export interface UserProject {
  id: string;
  name: string;
  repo: string | null;
  role: ProjectRole;
  createdAt: Date;
}

/** Projects the user belongs to, oldest first (a short list: people belong to a handful). */
export async function listUserProjects(opts: {
  db: Queryable;
  user: { id: string; isLocal: boolean };
}): Promise<UserProject[]> {
  const { rows } = await opts.db.query<{
    id: string;
    name: string;
    repo: string | null;
    role: ProjectRole;
    created_at: Date;
  }>(
    opts.user.isLocal
      ? `select id, name, repo, 'owner' as role, created_at from projects order by created_at, id`
      : `select p.id, p.name, p.repo, m.role, p.created_at
           from projects p join memberships m on m.project_id = p.id and m.user_id = $1
          order by p.created_at, p.id`,
    opts.user.isLocal ? [] : [opts.user.id],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, repo: r.repo, role: r.role, createdAt: r.created_at }));
}
