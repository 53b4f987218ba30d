import { spawn } from 'node:child_process';
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** The host's system directories, read-only in the sandbox; merged-/usr symlinks are recreated. */
const SYSTEM_DIRS = ['/usr', '/etc', '/opt'];
const SYSTEM_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export interface BwrapLayout {
  /** the job's directory (work dir, HOME, TMPDIR below it): the only writable host path */
  root: string;
  work: string;
  /** PATH inside the sandbox: each directory on it is made readable */
  path: string;
  /** more host paths to make readable (agent CLIs and their files) */
  readonlyPaths: string[];
  network: boolean;
}

/**
 * bubblewrap's arguments for one job. Nothing of the host is visible but the system directories
 * (read-only), the directories on PATH and the configured extra paths (read-only), and the job's own
 * directory (read-write). New user, pid, IPC, UTS and cgroup namespaces (and network unless allowed),
 * so /proc shows only the job's processes and the server is not among them; a fresh /dev and /tmp; all
 * capabilities dropped; a new session (no terminal to inject into); and the whole tree dies with the
 * runner. The environment is not passed as arguments (they are visible in `ps`): bwrap hands its own
 * environment, which the runner sets, to the script.
 */
export function bwrapArgs(l: BwrapLayout): string[] {
  const args = ['--unshare-all', ...(l.network ? ['--share-net'] : [])];
  args.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL');
  // the fresh mounts first, so binds below them (a job dir or an agent file under /tmp) stay visible
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  const bound: string[] = [];
  const bindReadonly = (p: string) => {
    const abs = path.resolve(p);
    if (bound.some((b) => abs === b || abs.startsWith(`${b}/`))) return;
    bound.push(abs);
    args.push('--ro-bind-try', abs, abs);
  };
  for (const d of SYSTEM_DIRS) bindReadonly(d);
  for (const d of SYSTEM_LINKS) {
    const kind = lstatKind(d);
    if (kind === 'link') args.push('--symlink', readlinkSync(d), d);
    else if (kind === 'dir') bindReadonly(d);
  }
  for (const dir of l.path.split(':').filter((d) => d.startsWith('/'))) {
    // npm's .bin entries are symlinks into the packages beside them
    bindReadonly(path.basename(dir) === '.bin' ? path.dirname(dir) : dir);
  }
  for (const p of l.readonlyPaths) bindReadonly(p);
  args.push('--bind', l.root, l.root, '--chdir', l.work);
  return args;
}

function lstatKind(p: string): 'link' | 'dir' | undefined {
  try {
    const s = lstatSync(p);
    return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether bubblewrap can build its sandbox here, as the user jobs run as: containers without user
 * namespaces (Docker's default seccomp profile, for one) refuse it. Resolves to undefined when it works,
 * or to the reason it does not.
 */
export function probeBwrap(opts: {
  path: string;
  uid?: number | undefined;
  gid?: number | undefined;
}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(
      'bwrap',
      [
        '--unshare-all',
        '--die-with-parent',
        '--ro-bind',
        '/',
        '/',
        '--proc',
        '/proc',
        '--dev',
        '/dev',
        'true',
      ],
      {
        env: { PATH: opts.path },
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(opts.uid !== undefined && { uid: opts.uid, gid: opts.gid }),
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(`bwrap could not start: ${e.message}`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : `bwrap failed (exit ${code}): ${err.trim().slice(0, 300)}`);
    });
  });
}
