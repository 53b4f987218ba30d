import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { chown, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalSandboxMode } from '../../../../config/sections/fixes.js';
import { createRedactor } from '../../../../lib/redact.js';
import { AppError } from '../../../errors.js';
import {
  COLLECT_LIMIT_BYTES,
  type LogStream,
  type Runner,
  type RunOutcome,
  type RunRequest,
} from '../../runner.js';
import { bwrapArgs, probeBwrap } from './bwrap.js';
import { killMarkedProcesses, onScriptExit } from './end-process-tree.js';
import { lineSplitter } from './line-splitter.js';

export interface LocalRunnerOptions {
  /** parent of each job's temporary directory */
  dir?: string | undefined;
  /** PATH inside the sandbox */
  path: string;
  /** address-space limit (ulimit -v); 0 = none */
  memoryMb: number;
  /** CPU-time limit (ulimit -t); 0 = none */
  cpuSeconds: number;
  /** largest file the job may write (ulimit -f); 0 = none */
  fileSizeMb: number;
  /** after SIGTERM to the process group, SIGKILL follows this much later */
  killGraceMs?: number;
  /** auto (bubblewrap when usable, else the fallback), bwrap (required) or none */
  sandbox?: LocalSandboxMode;
  /** network inside the bubblewrap sandbox */
  network?: boolean;
  /** more host paths the bubblewrap sandbox may read */
  readonlyPaths?: string[];
  /** the user and group jobs run as when the server runs as root */
  uid?: number;
  gid?: number;
}

/** How the local runner will confine jobs on this host, and why not better. */
export interface LocalConfinement {
  sandbox: 'bwrap' | 'none';
  /** set when jobs run as another, unprivileged user (the server runs as root) */
  uid?: number | undefined;
  gid?: number | undefined;
  /** why there is no bubblewrap sandbox, when there is none */
  warning?: string;
}

/**
 * Decides once per job how it is confined: bubblewrap when it works here (or the job is refused when
 * LOCAL_RUNNER_SANDBOX=bwrap demands it), else the fallback with a warning that says what is lost.
 */
export async function localConfinement(opts: LocalRunnerOptions): Promise<LocalConfinement> {
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: opts.uid ?? 65534, gid: opts.gid ?? 65534 } : {};
  const lost = asRoot
    ? `jobs run as uid ${ids.uid} with a scrubbed environment, but see the host's other files, other jobs' processes, and can leave processes behind`
    : 'jobs run as the server user with a scrubbed environment, so they can read what that user can read (the data directory, the server process environment) and leave processes behind';
  if (opts.sandbox === 'none')
    return { sandbox: 'none', ...ids, warning: `LOCAL_RUNNER_SANDBOX=none: no sandbox; ${lost}` };
  const failure = await probeBwrap({ path: opts.path, ...ids });
  if (failure === undefined) return { sandbox: 'bwrap', ...ids };
  if (opts.sandbox === 'bwrap')
    throw new AppError(
      'unavailable',
      `LOCAL_RUNNER_SANDBOX=bwrap, but bubblewrap is not usable here: ${failure}`,
    );
  return {
    sandbox: 'none',
    ...ids,
    warning: `bubblewrap is not usable here (${failure}); ${lost}. Install bubblewrap and allow user namespaces, or use the e2b or fargate runner`,
  };
}

/**
 * Runs the job script on this machine, as confined as the host allows (docs/SECURITY.md): in a
 * bubblewrap sandbox where possible (read-only host, private /proc, its own writable directory only), as
 * an unprivileged user when the server runs as root, always with an environment of only what the job
 * passes, hard resource limits set by `ulimit` before the script starts (the script cannot raise them),
 * and its own process group so a timeout or cancel kills everything it started.
 */
export class LocalRunner implements Runner {
  readonly name = 'local' as const;

  constructor(private readonly opts: LocalRunnerOptions) {}

  async run(req: RunRequest): Promise<RunOutcome> {
    const confinement = await localConfinement(this.opts);
    const root = await mkdtemp(
      path.join(this.opts.dir ?? tmpdir(), `soulcaster-job-${req.jobId.slice(0, 8)}-`),
    );
    try {
      const dirs = {
        root,
        work: path.join(root, 'work'),
        home: path.join(root, 'home'),
        tmp: path.join(root, 'tmp'),
      };
      await Promise.all([dirs.work, dirs.home, dirs.tmp].map((d) => mkdir(d, { mode: 0o700 })));
      const script = path.join(root, 'job.sh');
      await writeFile(script, req.script, { mode: 0o700 });
      for (const [name, content] of Object.entries(req.files ?? {}))
        await writeFile(path.join(dirs.work, safeName(name)), content, { mode: 0o600 });
      if (confinement.uid !== undefined) await chownTree(root, confinement.uid, confinement.gid!);
      if (confinement.warning) req.onLine('system', `WARNING: ${confinement.warning}`);
      const outcome = await this.spawnScript(req, script, dirs, confinement);
      if (outcome.exitCode === 0 && req.collect !== undefined) {
        const collected = await readCollected(path.join(dirs.work, safeName(req.collect)));
        if (collected !== undefined) outcome.collected = collected;
      }
      return outcome;
    } finally {
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private limits(): string {
    const l: string[] = [];
    // without -H/-S bash sets both soft and hard limits, so the job cannot raise them again
    if (this.opts.memoryMb > 0) l.push(`ulimit -v ${this.opts.memoryMb * 1024}`);
    if (this.opts.cpuSeconds > 0) l.push(`ulimit -t ${this.opts.cpuSeconds}`);
    if (this.opts.fileSizeMb > 0) l.push(`ulimit -f ${this.opts.fileSizeMb * 1024}`);
    l.push('ulimit -c 0');
    return l.join(' && ');
  }

  private spawnScript(
    req: RunRequest,
    script: string,
    dirs: { root: string; work: string; home: string; tmp: string },
    confinement: LocalConfinement,
  ): Promise<RunOutcome> {
    const redact = createRedactor(Object.values(req.secretEnv));
    const emit = (stream: LogStream, line: string) => req.onLine(stream, redact(line));
    const runMarker = `SOULCASTER_RUN_ID=${randomUUID()}`;
    const sandboxed =
      confinement.sandbox === 'bwrap'
        ? [
            'bwrap',
            ...bwrapArgs({
              root: dirs.root,
              work: dirs.work,
              path: this.opts.path,
              readonlyPaths: this.opts.readonlyPaths ?? [],
              network: this.opts.network ?? true,
            }),
            'bash',
            script,
          ]
        : ['bash', script];
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', `${this.limits()} && exec "$@"`, 'bash', ...sandboxed], {
        cwd: dirs.work,
        detached: true, // own process group: kill(-pid) reaches every descendant
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(confinement.uid !== undefined && { uid: confinement.uid, gid: confinement.gid }),
        env: {
          PATH: this.opts.path,
          HOME: dirs.home,
          TMPDIR: dirs.tmp,
          LANG: 'C.UTF-8',
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          CI: 'true',
          ...req.env,
          ...req.secretEnv,
          // inherited by everything the job starts, also what leaves its process group
          SOULCASTER_RUN_ID: runMarker.split('=')[1]!,
        },
      });
      const outSplit = lineSplitter((l) => emit('stdout', l));
      const errSplit = lineSplitter((l) => emit('stderr', l));
      child.stdout.on('data', (c: Buffer) => outSplit.push(c));
      child.stderr.on('data', (c: Buffer) => errSplit.push(c));
      let timedOut = false;
      let cancelled = false;
      let killTimer: NodeJS.Timeout | undefined;
      // bwrap runs the script in a new session, out of this group: killing bwrap ends its pid
      // namespace, and with it every process the job started
      const killGroup = () => {
        if (child.pid === undefined || child.exitCode !== null) return;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          return; // already gone
        }
        killTimer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // gone
          }
        }, this.opts.killGraceMs ?? 3000);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        emit('system', `time limit of ${Math.round(req.timeoutMs / 1000)}s reached; stopping the job`);
        killGroup();
      }, req.timeoutMs);
      const onAbort = () => {
        cancelled = true;
        emit('system', 'cancelled; stopping the job');
        killGroup();
      };
      if (req.signal.aborted) onAbort();
      else req.signal.addEventListener('abort', onAbort, { once: true });
      // on exit the group is killed and the pipes closed, whoever still holds them (end-process-tree.ts)
      onScriptExit(child, (code) => {
        clearTimeout(timer);
        req.signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        outSplit.end();
        errSplit.end();
        void killMarkedProcesses(runMarker).then((n) => {
          if (n > 0) emit('system', `killed ${n} process${n === 1 ? '' : 'es'} the job left running`);
          resolve({ exitCode: code, timedOut, cancelled });
        });
      });
    });
  }
}

/** A file name, never a path: the script's files live directly in its working directory. */
function safeName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.'))
    throw new AppError('bad_request', `not a plain file name: ${name}`);
  return name;
}

/**
 * The job's result file, read without trusting the job: never through a symlink (O_NOFOLLOW), only a
 * regular file, and only up to the size limit, so a job cannot make the server read another file.
 */
async function readCollected(file: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    if (stat.size > COLLECT_LIMIT_BYTES)
      throw new AppError(
        'payload_too_large',
        `the job's result is ${stat.size} bytes (limit ${COLLECT_LIMIT_BYTES})`,
      );
    const buf = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buf, 0, stat.size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, uid, gid);
    else await chown(p, uid, gid);
  }
}
