import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { AppError } from '../errors.js';
import type { ProjectRole } from './project-role.js';

export interface Member {
  userId: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  role: ProjectRole;
}

export const addMemberInput = z.object({
  login: z.string().trim().min(1).max(100),
  role: z.enum(['owner', 'member']).default('member'),
});

/**
 * The project's members. Local mode's single user owns every project without a membership row (see
 * projectRole), so when the viewer is that user they are listed first, as the owner they are.
 */
export async function listMembers(opts: {
  db: Queryable;
  projectId: string;
  localUser?: { id: string; login: string; name: string | null; avatarUrl: string | null } | undefined;
}): Promise<Member[]> {
  const { rows } = await opts.db.query<{
    user_id: string;
    login: string;
    name: string | null;
    avatar_url: string | null;
    role: ProjectRole;
  }>(
    `select u.id as user_id, u.login, u.name, u.avatar_url, m.role
       from memberships m join users u on u.id = m.user_id
      where m.project_id = $1 order by m.created_at, u.login`,
    [opts.projectId],
  );
  const members = rows.map((r) => ({
    userId: r.user_id,
    login: r.login,
    name: r.name,
    avatarUrl: r.avatar_url,
    role: r.role,
  }));
  const local = opts.localUser;
  if (local === undefined || members.some((m) => m.userId === local.id)) return members;
  return [
    { userId: local.id, login: local.login, name: local.name, avatarUrl: local.avatarUrl, role: 'owner' },
    ...members,
  ];
}

/** Adds (or re-roles) a person by GitHub login. They must have signed in once so the user row exists. */
export async function addMember(opts: {
  db: Queryable;
  projectId: string;
  input: z.input<typeof addMemberInput>;
}): Promise<Member> {
  const { login, role } = addMemberInput.parse(opts.input);
  const { rows } = await opts.db.query<{
    id: string;
    login: string;
    name: string | null;
    avatar_url: string | null;
  }>('select id, login, name, avatar_url from users where lower(login) = lower($1) and not is_local', [
    login,
  ]);
  const user = rows[0];
  if (user === undefined) {
    throw new AppError(
      'not_found',
      `no user ${login} yet: ask them to sign in with GitHub once, then add them`,
    );
  }
  await opts.db.query(
    `insert into memberships (project_id, user_id, role) values ($1, $2, $3)
     on conflict (project_id, user_id) do update set role = excluded.role`,
    [opts.projectId, user.id, role],
  );
  return { userId: user.id, login: user.login, name: user.name, avatarUrl: user.avatar_url, role };
}

/** Removes a member; the last owner cannot be removed, so a project is never orphaned. */
export async function removeMember(opts: {
  db: Queryable;
  projectId: string;
  userId: string;
}): Promise<void> {
  const { rows } = await opts.db.query<{ role: ProjectRole; owners: string }>(
    `select m.role, (select count(*) from memberships where project_id = $1 and role = 'owner') as owners
       from memberships m where m.project_id = $1 and m.user_id = $2`,
    [opts.projectId, opts.userId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('not_found', 'member not found');
  if (row.role === 'owner' && Number(row.owners) <= 1) {
    throw new AppError('invalid_state', 'cannot remove the last owner of a project');
  }
  await opts.db.query('delete from memberships where project_id = $1 and user_id = $2', [
    opts.projectId,
    opts.userId,
  ]);
}
