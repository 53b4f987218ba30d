import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { cloneUrl } from './git-auth.js';
import { runGit } from './run-git.js';

export interface RepoSnapshot {
  /** a bare repository holding one shallow commit of the default branch */
  gitDir: string;
  /** the ref to read files from */
  ref: string;
  commitSha: string;
}

export interface SyncRepoCacheOptions {
  cacheDir: string;
  gitUrl: string;
  repo: string;
  token?: string;
  path?: string;
  signal?: AbortSignal | undefined;
}

// One fetch per cache directory at a time in this process (git's ref and shallow locks would make a
// concurrent one fail). Each caller still fetches with its own token: sharing another caller's fetch
// would let a user without access read a private repository someone else fetched.
const queues = new Map<string, Promise<unknown>>();

/**
 * A shallow (depth 1) snapshot of the repository's default branch in a bare cache repository under the
 * data directory: cloned the first time, fetched after that. Bare, because planning reads files with
 * `git grep` / `git show` on the commit and never needs a checkout.
 */
export function syncRepoCache(opts: SyncRepoCacheOptions): Promise<RepoSnapshot> {
  const gitDir = path.join(opts.cacheDir, ...opts.repo.toLowerCase().split('/')) + '.git';
  const previous = queues.get(gitDir) ?? Promise.resolve();
  const work = previous
    .catch(() => undefined)
    .then(async () => {
      const git = (args: string[], token?: string) =>
        runGit({
          args: ['--git-dir', gitDir, ...args],
          path: opts.path,
          signal: opts.signal,
          ...(token ? { token } : {}),
        });
      const exists = await stat(path.join(gitDir, 'HEAD')).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(gitDir, { recursive: true });
        await runGit({ args: ['init', '--quiet', '--bare', gitDir], path: opts.path });
      }
      const ref = 'refs/soulcaster/snapshot';
      await git(
        ['fetch', '--quiet', '--depth', '1', '--no-tags', cloneUrl(opts.gitUrl, opts.repo), `+HEAD:${ref}`],
        opts.token,
      );
      const commitSha = (await git(['rev-parse', ref])).trim();
      // read by sha: a later fetch moves the ref while this plan is still reading
      return { gitDir, ref: commitSha, commitSha };
    });
  queues.set(gitDir, work);
  return work.finally(() => {
    if (queues.get(gitDir) === work) queues.delete(gitDir);
  });
}
