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
}

// One fetch per cache directory at a time in this process; git's own locks guard the rest.
const inFlight = new Map<string, Promise<RepoSnapshot>>();

/**
 * A shallow (depth 1) snapshot of the repository's default branch in a bare cache repository under the
 * data directory: cloned the first time, fetched after that. Bare, because planning reads files with
 * `git grep` / `git show` on the commit and never needs a checkout.
 */
export function syncRepoCache(opts: SyncRepoCacheOptions): Promise<RepoSnapshot> {
  const gitDir = path.join(opts.cacheDir, ...opts.repo.toLowerCase().split('/')) + '.git';
  const running = inFlight.get(gitDir);
  if (running) return running;
  const work = (async () => {
    const git = (args: string[], token?: string) =>
      runGit({ args: ['--git-dir', gitDir, ...args], path: opts.path, ...(token ? { token } : {}) });
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
    return { gitDir, ref, commitSha };
  })();
  inFlight.set(gitDir, work);
  return work.finally(() => inFlight.delete(gitDir));
}
