import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';
import { runGit } from '../repos/run-git.js';
import { RESULT_REF } from './render-fix-script.js';

const GIT_NETWORK_TIMEOUT_MS = 300_000;

export interface FixCheckout {
  /** the server's own clone: the sandbox never sees it, so nothing it does reaches this .git */
  repoDir: string;
  baseSha: string;
  /** tar.gz of the clone (.git included), shipped to the sandbox */
  workspace: Buffer;
  dispose(): Promise<void>;
}

/**
 * The server's half of a fix, before the sandbox: a shallow clone of the base branch (for a follow-up,
 * the fix branch itself, whose head the new commit then builds on) with the user's token (environment-only git configuration, so neither .git/config nor the URL holds it), the fix
 * branch, and the checkout packed for the sandbox. The directory is the server user's, mode 0700, and
 * outside any sandbox.
 */
export async function prepareFixCheckout(opts: {
  parentDir: string | undefined;
  cloneUrl: string;
  baseBranch: string;
  branch: string;
  token: string;
  path: string;
  /** the fix's signal: cancel and the time limit stop the clone */
  signal?: AbortSignal | undefined;
}): Promise<FixCheckout> {
  const dir = await mkdtemp(path.join(opts.parentDir ?? tmpdir(), 'soulcaster-fix-'));
  const dispose = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  try {
    const repoDir = path.join(dir, 'repo');
    const git = { path: opts.path, cwd: repoDir };
    await runGit({
      args: [
        'clone',
        '--quiet',
        '--depth',
        '1',
        '--single-branch',
        '--no-tags',
        '--branch',
        opts.baseBranch,
        opts.cloneUrl,
        repoDir,
      ],
      token: opts.token,
      path: opts.path,
      timeoutMs: GIT_NETWORK_TIMEOUT_MS,
      signal: opts.signal,
    });
    // a follow-up clones the fix branch itself and commits on top of it
    if (opts.branch !== opts.baseBranch)
      await runGit({ ...git, args: ['checkout', '--quiet', '-b', opts.branch] });
    const baseSha = (await runGit({ ...git, args: ['rev-parse', 'HEAD'] })).trim();
    const workspace = await tarGz(repoDir, opts.path);
    return { repoDir, baseSha, workspace, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * The server's half after the sandbox: take the agent's tree from its result bundle (objects checked as
 * they arrive), write the commit itself (the user as author and committer, on top of the base commit,
 * whatever history the sandbox made), and push it with the token. Only git's own code runs here, in a
 * repository the sandbox never touched; no hook, filter or config the agent wrote can apply.
 */
export async function publishFixResult(opts: {
  checkout: FixCheckout;
  bundle: Buffer;
  branch: string;
  cloneUrl: string;
  token: string;
  path: string;
  author: { name: string; email: string };
  message: string;
  /** the fix's signal: cancel and the time limit stop the push */
  signal?: AbortSignal | undefined;
}): Promise<{ commitSha: string; stat: string }> {
  const { checkout } = opts;
  const dir = path.dirname(checkout.repoDir);
  const git = (args: string[]) => runGit({ path: opts.path, cwd: checkout.repoDir, args });
  const bundleFile = path.join(dir, 'result.bundle');
  const messageFile = path.join(dir, 'commit-message.txt');
  await writeFile(bundleFile, opts.bundle, { mode: 0o600 });
  await writeFile(messageFile, opts.message, { mode: 0o600 });
  await git([
    '-c',
    'transfer.fsckObjects=true',
    'fetch',
    '--quiet',
    '--no-tags',
    bundleFile,
    `+${RESULT_REF}:${RESULT_REF}`,
  ]);
  const tree = (await git(['rev-parse', '--verify', `${RESULT_REF}^{tree}`])).trim();
  const baseTree = (await git(['rev-parse', '--verify', `${checkout.baseSha}^{tree}`])).trim();
  if (tree === baseTree) throw new AppError('bad_request', 'the agent made no changes (empty diff)');
  const identity = ['-c', `user.name=${opts.author.name}`, '-c', `user.email=${opts.author.email}`];
  const commitSha = (
    await git([...identity, 'commit-tree', tree, '-p', checkout.baseSha, '-F', messageFile])
  ).trim();
  await git(['update-ref', `refs/heads/${opts.branch}`, commitSha]);
  const stat = await git(['diff', '--stat', '--no-ext-diff', '--no-textconv', checkout.baseSha, commitSha]);
  await runGit({
    cwd: checkout.repoDir,
    path: opts.path,
    token: opts.token,
    timeoutMs: GIT_NETWORK_TIMEOUT_MS,
    signal: opts.signal,
    args: [
      '-c',
      'core.hooksPath=/dev/null',
      'push',
      '--quiet',
      opts.cloneUrl,
      `${commitSha}:refs/heads/${opts.branch}`,
    ],
  });
  return { commitSha, stat };
}

function tarGz(dir: string, searchPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['-czf', '-', '-C', dir, '.'], {
      env: { PATH: searchPath, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', (e) => reject(new AppError('unavailable', `tar could not start: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(new AppError('unavailable', `tar failed (exit ${code}): ${err.trim().slice(0, 500)}`)),
    );
  });
}
