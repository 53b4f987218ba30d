import type { Queryable } from '../../db/database.js';
import { randomToken } from '../../lib/crypto.js';
import type { Clock } from '../../lib/clock.js';

export interface SessionUser {
  id: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  isLocal: boolean;
}

export interface Session {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

interface SessionDeps {
  db: Queryable;
  clock: Clock;
}

export async function createSession(
  deps: SessionDeps & { userId: string; ttlMs: number },
): Promise<Omit<Session, 'user'>> {
  const expiresAt = new Date(deps.clock.now().getTime() + deps.ttlMs);
  const csrfToken = randomToken('csrf', 24);
  const { rows } = await deps.db.query<{ id: string }>(
    'insert into sessions (user_id, csrf_token, expires_at) values ($1, $2, $3) returning id',
    [deps.userId, csrfToken, expiresAt],
  );
  return { id: rows[0]!.id, csrfToken, expiresAt };
}

/** The live session with its user, or undefined when unknown, revoked or expired. */
export async function findSession(deps: SessionDeps & { sessionId: string }): Promise<Session | undefined> {
  const { rows } = await deps.db.query<{
    id: string;
    csrf_token: string;
    expires_at: Date;
    user_id: string;
    login: string;
    name: string | null;
    avatar_url: string | null;
    is_local: boolean;
  }>(
    `select s.id, s.csrf_token, s.expires_at, u.id as user_id, u.login, u.name, u.avatar_url, u.is_local
       from sessions s join users u on u.id = s.user_id
      where s.id = $1 and s.expires_at > $2`,
    [deps.sessionId, deps.clock.now()],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  return {
    id: r.id,
    csrfToken: r.csrf_token,
    expiresAt: r.expires_at,
    user: { id: r.user_id, login: r.login, name: r.name, avatarUrl: r.avatar_url, isLocal: r.is_local },
  };
}

export async function deleteSession(deps: { db: Queryable; sessionId: string }): Promise<void> {
  await deps.db.query('delete from sessions where id = $1', [deps.sessionId]);
}
