import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';

export interface GithubUserProfile {
  githubId: number;
  login: string;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
}

export interface UpsertGithubUserOptions {
  db: Queryable;
  secrets: SecretBox;
  profile: GithubUserProfile;
  /** the OAuth access token; stored sealed, used only by jobs that act as this user */
  accessToken: string;
  scopes: string;
}

/** Creates or refreshes the user behind a GitHub sign-in and stores their token sealed. */
export async function upsertGithubUser(opts: UpsertGithubUserOptions): Promise<{ id: string }> {
  const { profile } = opts;
  const { rows } = await opts.db.query<{ id: string }>(
    `insert into users (github_id, login, name, email, avatar_url, github_token_encrypted, github_token_scopes)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (github_id) do update set login = excluded.login, name = excluded.name,
       email = excluded.email, avatar_url = excluded.avatar_url,
       github_token_encrypted = excluded.github_token_encrypted,
       github_token_scopes = excluded.github_token_scopes, updated_at = now()
     returning id`,
    [
      profile.githubId,
      profile.login,
      profile.name,
      profile.email,
      profile.avatarUrl,
      opts.secrets.encrypt(opts.accessToken),
      opts.scopes,
    ],
  );
  return { id: rows[0]!.id };
}
