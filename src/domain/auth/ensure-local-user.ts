import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import type { SessionUser } from './sessions.js';

/**
 * The one user of single-user local mode. Its GitHub token (for opening PRs) comes from GITHUB_TOKEN and
 * is re-sealed on every call so changing the variable and restarting takes effect.
 */
export async function ensureLocalUser(opts: {
  db: Queryable;
  secrets: SecretBox;
  githubToken: string | undefined;
}): Promise<SessionUser> {
  const sealed = opts.githubToken === undefined ? null : opts.secrets.encrypt(opts.githubToken);
  const { rows } = await opts.db.query<{
    id: string;
    login: string;
    name: string | null;
    avatar_url: string | null;
  }>(
    `insert into users (login, name, is_local, github_token_encrypted, github_token_scopes)
     values ('local', 'Local user', true, $1, case when $1::text is null then null else 'repo' end)
     on conflict (is_local) where is_local do update
       set github_token_encrypted = excluded.github_token_encrypted,
           github_token_scopes = excluded.github_token_scopes, updated_at = now()
     returning id, login, name, avatar_url`,
    [sealed],
  );
  const r = rows[0]!;
  return { id: r.id, login: r.login, name: r.name, avatarUrl: r.avatar_url, isLocal: true };
}
