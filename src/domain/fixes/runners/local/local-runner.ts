import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRedactor } from '../../../../lib/redact.js';
import type { LogStream, Runner, RunOutcome, RunRequest } from '../../runner.js';
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
}

/**
 * Runs the job script on this machine, isolated as far as a plain process can be: a fresh temporary
 * directory (empty work dir, its own HOME and TMPDIR), an environment of only what the job passes (no
 * server variables leak in), hard resource limits set by `ulimit` before the script starts (the script
 * cannot raise them), and its own process group so a timeout or cancel kills everything it started.
 */
export class LocalRunner implements Runner {
  readonly name = 'local' as const;

  constructor(private readonly opts: LocalRunnerOptions) {}

  async run(req: RunRequest): Promise<RunOutcome> {
    const root = await mkdtemp(
      path.join(this.opts.dir ?? tmpdir(), `soulcaster-job-${req.jobId.slice(0, 8)}-`),
    );
    try {
      const work = path.join(root, 'work');
      const home = path.join(root, 'home');
      const tmp = path.join(root, 'tmp');
      await Promise.all([work, home, tmp].map((d) => mkdir(d, { mode: 0o700 })));
      const script = path.join(root, 'job.sh');
      await writeFile(script, req.script, { mode: 0o700 });
      return await this.spawnScript(req, script, { work, home, tmp });
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
    dirs: { work: string; home: string; tmp: string },
  ): Promise<RunOutcome> {
    const redact = createRedactor(Object.values(req.secretEnv));
    const emit = (stream: LogStream, line: string) => req.onLine(stream, redact(line));
    const runMarker = `SOULCASTER_RUN_ID=${randomUUID()}`;
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', `${this.limits()} && exec bash "$0"`, script], {
        cwd: dirs.work,
        detached: true, // own process group: kill(-pid) reaches every descendant
        stdio: ['ignore', 'pipe', 'pipe'],
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
