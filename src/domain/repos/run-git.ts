import { spawn } from 'node:child_process';
import { createRedactor } from '../../lib/redact.js';
import { AppError } from '../errors.js';
import { gitAuthEnv, gitAuthHeader } from './git-auth.js';

export interface RunGitOptions {
  args: string[];
  cwd?: string;
  /** the user's GitHub token for remote operations; passed by environment only and redacted from errors */
  token?: string;
  timeoutMs?: number;
  /** PATH for git (config: the sandbox PATH) */
  path?: string;
  /** exit codes that are not failures (git grep answers 1 for "no match") */
  okExitCodes?: number[];
  /** stops git (SIGKILL) when the work it belongs to is cancelled or out of time */
  signal?: AbortSignal | undefined;
}

/**
 * Runs git with a minimal environment (no prompts, no system or global config, so a host's credential
 * helper cannot leak in) and returns stdout. Failures become `upstream_failed` with git's own message,
 * the token redacted.
 */
export async function runGit(opts: RunGitOptions): Promise<string> {
  const redact = createRedactor(opts.token ? [opts.token, gitAuthHeader(opts.token)] : []);
  const env = {
    PATH: opts.path ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: '/nonexistent',
    LANG: 'C.UTF-8',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...gitAuthEnv(opts.token),
  };
  return new Promise((resolve, reject) => {
    const child = spawn('git', opts.args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let stopped: string | undefined;
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      stopped = `no answer within ${Math.round(timeoutMs / 1000)}s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = () => {
      stopped = 'stopped: the work it belonged to was cancelled or ran out of time';
      child.kill('SIGKILL');
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new AppError('upstream_failed', `git could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (stopped !== undefined)
        return reject(new AppError('unavailable', `git ${subcommand(opts.args)} ${stopped}`));
      if (code !== null && (code === 0 || opts.okExitCodes?.includes(code)))
        return resolve(Buffer.concat(out).toString('utf8'));
      const message = redact(Buffer.concat(err).toString('utf8').trim()).slice(-2000);
      reject(
        new AppError(
          'upstream_failed',
          `git ${subcommand(opts.args)} failed (${signal ?? `exit ${code}`}): ${message || 'no output'}`,
        ),
      );
    });
  });
}

/** the git subcommand, past `--git-dir X` / `-C X` and other leading options */
function subcommand(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--git-dir' || a === '-C' || a === '-c') i++;
    else if (!a.startsWith('-')) return a;
  }
  return '';
}
