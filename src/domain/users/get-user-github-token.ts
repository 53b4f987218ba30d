import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import { AppError } from '../errors.js';

/**
 * The signed-in user's GitHub token, unsealed for a job that acts as them (clone, push, open a PR).
 * Callers must keep it in memory or in a runner's secret channel; never log or persist it.
 */
export async function getUserGithubToken(opts: {
  db: Queryable;
  secrets: SecretBox;
  userId: string;
}): Promise<string> {
  const { rows } = await opts.db.query<{ login: string; github_token_encrypted: string | null }>(
    'select login, github_token_encrypted from users where id = $1',
    [opts.userId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('not_found', 'user not found');
  if (row.github_token_encrypted === null) {
    throw new AppError(
      'conflict',
      `user ${row.login} has no GitHub token: sign in with GitHub (local mode cannot open pull requests without GITHUB_TOKEN)`,
    );
  }
  return opts.secrets.decrypt(row.github_token_encrypted);
}
