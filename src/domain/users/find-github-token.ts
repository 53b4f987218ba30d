import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import { readUserGithubToken } from './get-user-github-token.js';

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
  const own =
    opts.userId === undefined
      ? undefined
      : (await readUserGithubToken({ db: opts.db, secrets: opts.secrets, userId: opts.userId }))?.token;
  return own ?? opts.fallback;
}
