import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';

/**
 * The GitHub token to read a repository with: the user's own when they have one, else the local-mode
 * token from config, else none (public repositories only). Jobs that write (push, open a PR) use
 * getUserGithubToken instead, which insists on the user's token.
 */
export async function findGithubToken(opts: {
  db: Queryable;
  secrets: SecretBox;
  userId: string | undefined;
  fallback: string | undefined;
}): Promise<string | undefined> {
  if (opts.userId !== undefined) {
    const { rows } = await opts.db.query<{ github_token_encrypted: string | null }>(
      'select github_token_encrypted from users where id = $1',
      [opts.userId],
    );
    const sealed = rows[0]?.github_token_encrypted;
    if (sealed) return opts.secrets.decrypt(sealed);
  }
  return opts.fallback;
}
