import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/** New files get no group or other permission bits: 0600 files, 0700 directories. */
export const PRIVATE_UMASK = 0o077;

/**
 * The data directory holds the database, the secret key and repository snapshots: nothing in it is for
 * other local users. This sets the process umask, so everything created from now on (by this process and
 * by the git and runner processes it starts) is owner-only, and creates (embedded mode) or tightens the
 * directory itself to 0700, which also closes whatever an older version left readable inside it.
 */
export async function preparePrivateDataDir(dir: string, opts: { create: boolean }): Promise<void> {
  process.umask(PRIVATE_UMASK);
  if (opts.create) await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700).catch((err: NodeJS.ErrnoException) => {
    // scaled mode creates it only when a repository snapshot is first needed
    if (err.code !== 'ENOENT' || opts.create) throw err;
  });
}

/**
 * Removes group and other bits from every file and directory under `root` (symbolic links are left
 * alone). PGlite's first start writes its initial cluster with an explicit chmod 0666, which no umask
 * can prevent, so its directory is tightened after it opens. Returns how many entries changed.
 */
export async function restrictToOwner(root: string): Promise<number> {
  let changed = 0;
  const visit = async (p: string): Promise<void> => {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) {
      await chmod(p, st.mode & 0o7700);
      changed++;
    }
    if (st.isDirectory()) for (const name of await readdir(p)) await visit(path.join(p, name));
  };
  await visit(root);
  return changed;
}
