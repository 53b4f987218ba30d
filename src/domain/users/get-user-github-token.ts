import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import { AppError } from '../errors.js';

interface TokenLookup {
  db: Queryable;
  secrets: SecretBox;
  userId: string;
}

/** The user's login and unsealed GitHub token (undefined when they have none); undefined for no such user. */
export async function readUserGithubToken(
  opts: TokenLookup,
): Promise<{ login: string; token: string | undefined } | undefined> {
  const { rows } = await opts.db.query<{ login: string; github_token_encrypted: string | null }>(
    'select login, github_token_encrypted from users where id = $1',
    [opts.userId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const sealed = row.github_token_encrypted;
  return { login: row.login, token: sealed === null ? undefined : opts.secrets.decrypt(sealed) };
}

/**
 * The signed-in user's GitHub token, unsealed for a job that acts as them (clone, push, open a PR).
 * Callers must keep it in memory or in a runner's secret channel; never log or persist it.
 */
export async function getUserGithubToken(opts: TokenLookup): Promise<string> {
  const user = await readUserGithubToken(opts);
  if (user === undefined) throw new AppError('not_found', 'user not found');
  if (user.token === undefined) {
    throw new AppError(
      'conflict',
      `user ${user.login} has no GitHub token: sign in with GitHub (local mode cannot open pull requests without GITHUB_TOKEN)`,
    );
  }
  return user.token;
}
