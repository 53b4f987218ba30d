import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createFollowApi, type FollowState } from './github-rest-follow.js';

const run = promisify(execFile);

export interface FakePull {
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  head: string;
  base: string;
  headSha: string;
  baseSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  user: string;
}

export interface FakeGithub {
  /** API base URL (GITHUB_API_URL) and web/git base URL (GITHUB_WEB_URL): one server serves both */
  url: string;
  root: string;
  requests: { method: string; url: string; authorized: boolean }[];
  pulls: FakePull[];
  /** comments posted on issues and pull requests */
  comments: FollowState['comments'];
  /** issues, reviews, review comments, check runs and commit statuses (github-rest-follow.ts) */
  follow: FollowState;
  /** an issue someone opened on GitHub (not through the API under test) */
  openIssue(fullName: string, title: string, body?: string): Record<string, unknown>;
  /** someone edited or closed/reopened an issue on GitHub; returns its REST view (webhook `issue`) */
  changeIssue(
    fullName: string,
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ): Record<string, unknown>;
  issueView(fullName: string, number: number): Record<string, unknown>;
  /** a reviewer submits a review with line comments; returns the REST views (webhook `review`, `comment`) */
  addReview(
    fullName: string,
    pull: number,
    review: {
      user?: string;
      state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
      body: string;
      comments?: { path: string; line: number; body: string }[];
    },
  ): Promise<{ review: Record<string, unknown>; comments: Record<string, unknown>[] }>;
  /** CI reports a finished check run on a commit; returns its REST view (webhook `check_run`) */
  addCheckRun(
    fullName: string,
    sha: string,
    run: { name: string; conclusion: string; title?: string; summary?: string; text?: string },
  ): Record<string, unknown>;
  addStatus(
    fullName: string,
    sha: string,
    status: { context: string; state: 'error' | 'failure' | 'pending' | 'success'; description?: string },
  ): void;
  createRepo(
    fullName: string,
    files: Record<string, string>,
    opts?: { defaultBranch?: string },
  ): Promise<void>;
  /** sha of a branch in the bare repository, or undefined */
  branchSha(fullName: string, branch: string): Promise<string | undefined>;
  /** `git show <ref>:<file>` in the bare repository */
  showFile(fullName: string, ref: string, file: string): Promise<string>;
  git(fullName: string, args: string[]): Promise<string>;
  mergePull(fullName: string, number: number): void;
  /** REST requests matching method and path (a regular expression) get no answer until the fake closes */
  hang(method: string, path: RegExp): void;
  /** answer everything again */
  unhang(): void;
  closePull(fullName: string, number: number): void;
  close(): Promise<void>;
}

const login = 'octocat';
const userId = 583231;

/**
 * GitHub for tests: REAL bare git repositories served over smart HTTP by `git http-backend` (CGI), and
 * the documented REST endpoints the fix loop uses (GET /user, GET /repos/{owner}/{repo},
 * POST /repos/{owner}/{repo}/pulls, GET|PATCH /repos/{owner}/{repo}/pulls/{number}), plus issues, issue
 * comments, reviews, review comments, check runs and commit statuses (github-rest-follow.ts), with
 * GitHub's error bodies. Every request needs the configured token: `Authorization: Basic base64(x-access-token:TOKEN)`
 * (what git sends) or `Bearer TOKEN` / `token TOKEN` (what API clients send).
 */
export async function startFakeGithub(opts: { token: string }): Promise<FakeGithub> {
  const root = await mkdtemp(path.join(tmpdir(), 'fake-github-'));
  const requests: FakeGithub['requests'] = [];
  const pulls: FakePull[] = [];
  const hangs: { method: string; path: RegExp }[] = [];
  const held: ServerResponse[] = [];
  const bare = (fullName: string) => path.join(root, `${fullName}.git`);
  const git = async (fullName: string, args: string[]) =>
    (await run('git', ['--git-dir', bare(fullName), ...args])).stdout;
  const branchSha = async (fullName: string, branch: string) => {
    try {
      return (await git(fullName, ['rev-parse', '--verify', `refs/heads/${branch}^{commit}`])).trim();
    } catch {
      return undefined;
    }
  };
  let base = '';

  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      return decoded.slice(decoded.indexOf(':') + 1) === opts.token;
    }
    const bearer = /^(?:Bearer|token)\s+(\S+)$/i.exec(header);
    return bearer?.[1] === opts.token;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const docs = 'https://docs.github.com/rest';
  const repoView = (fullName: string, defaultBranch: string) => {
    const [owner, name] = fullName.split('/') as [string, string];
    return {
      id: 1296269,
      node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
      name,
      full_name: fullName,
      owner: { login: owner, id: userId, type: 'User' },
      private: false,
      html_url: `${base}/${fullName}`,
      clone_url: `${base}/${fullName}.git`,
      url: `${base}/repos/${fullName}`,
      default_branch: defaultBranch,
    };
  };
  const pullView = (p: FakePull) => {
    const fullName = `${p.owner}/${p.repo}`;
    const repo = repoView(fullName, 'main');
    return {
      url: `${base}/repos/${fullName}/pulls/${p.number}`,
      id: 1000 + p.number,
      node_id: `PR_${p.number}`,
      html_url: `${base}/${fullName}/pull/${p.number}`,
      diff_url: `${base}/${fullName}/pull/${p.number}.diff`,
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      body: p.body,
      user: { login: p.user, id: userId, type: 'User' },
      draft: p.draft,
      created_at: p.createdAt,
      updated_at: p.mergedAt ?? p.closedAt ?? p.createdAt,
      closed_at: p.closedAt,
      merged_at: p.mergedAt,
      merged: p.merged,
      mergeable: p.state === 'open' ? true : null,
      head: { label: `${p.owner}:${p.head}`, ref: p.head, sha: p.headSha, user: repo.owner, repo },
      base: { label: `${p.owner}:${p.base}`, ref: p.base, sha: p.baseSha, user: repo.owner, repo },
    };
  };
  const defaultBranches = new Map<string, string>();
  const follow = createFollowApi({
    base: () => base,
    login,
    pulls: () =>
      pulls.map((p) => ({
        number: p.number,
        fullName: `${p.owner}/${p.repo}`,
        title: p.title,
        body: p.body,
        state: p.state,
        head: p.head,
        headSha: p.headSha,
        createdAt: p.createdAt,
        updatedAt: p.mergedAt ?? p.closedAt ?? p.createdAt,
        closedAt: p.closedAt,
      })),
  });
  const comments = follow.state.comments;

  async function api(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    if (hangs.some((h) => h.method === method && h.path.test(url.pathname))) {
      held.push(res); // a GitHub that accepted the connection and never answers
      return;
    }
    if (method === 'GET' && url.pathname === '/user') {
      return json(res, 200, {
        login,
        id: userId,
        node_id: 'MDQ6VXNlcjE=',
        avatar_url: `${base}/avatars/${login}`,
        html_url: `${base}/${login}`,
        type: 'User',
        name: 'The Octocat',
        email: null, // private e-mail: GitHub answers null
      });
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!repoMatch) return json(res, 404, { message: 'Not Found', documentation_url: docs });
    const fullName = `${repoMatch[1]}/${repoMatch[2]}`;
    const rest = repoMatch[3] ?? '';
    const defaultBranch = defaultBranches.get(fullName);
    if (defaultBranch === undefined) return json(res, 404, { message: 'Not Found', documentation_url: docs });
    if (method === 'GET' && rest === '') return json(res, 200, repoView(fullName, defaultBranch));
    // an open pull request's head follows its branch, as on GitHub (a push adds commits to the PR)
    for (const p of pulls)
      if (`${p.owner}/${p.repo}` === fullName && p.state === 'open')
        p.headSha = (await branchSha(fullName, p.head)) ?? p.headSha;

    if (method === 'POST' && rest === '/pulls') {
      let input: { title?: string; head?: string; base?: string; body?: string; draft?: boolean };
      try {
        input = JSON.parse(body.toString('utf8')) as typeof input;
      } catch {
        return json(res, 400, { message: 'Problems parsing JSON', documentation_url: docs });
      }
      const invalid = (field: string, code = 'missing_field') =>
        json(res, 422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', field, code }],
          documentation_url: docs,
        });
      if (!input.title) return invalid('title');
      if (!input.base) return invalid('base');
      if (!input.head) return invalid('head');
      const head = input.head.includes(':') ? input.head.split(':')[1]! : input.head;
      const headSha = await branchSha(fullName, head);
      const baseSha = await branchSha(fullName, input.base);
      if (baseSha === undefined) return invalid('base', 'invalid');
      if (headSha === undefined) return invalid('head', 'invalid');
      if (headSha === baseSha) {
        return json(res, 422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `No commits between ${input.base} and ${head}`,
            },
          ],
          documentation_url: docs,
        });
      }
      const [owner, repo] = fullName.split('/') as [string, string];
      if (pulls.some((p) => p.owner === owner && p.repo === repo && p.head === head && p.state === 'open')) {
        return json(res, 422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${owner}:${head}.`,
            },
          ],
          documentation_url: docs,
        });
      }
      const pull: FakePull = {
        number: follow.nextNumber(fullName),
        owner,
        repo,
        title: input.title,
        body: input.body ?? null,
        head,
        base: input.base,
        headSha,
        baseSha,
        draft: input.draft ?? false,
        state: 'open',
        merged: false,
        mergedAt: null,
        closedAt: null,
        createdAt: new Date().toISOString(),
        user: login,
      };
      pulls.push(pull);
      return json(res, 201, pullView(pull));
    }
    const pullMatch = /^\/pulls\/(\d+)$/.exec(rest);
    if ((method === 'GET' || method === 'PATCH') && pullMatch) {
      const pull = pulls.find(
        (p) => `${p.owner}/${p.repo}` === fullName && p.number === Number(pullMatch[1]),
      );
      if (!pull) return json(res, 404, { message: 'Not Found', documentation_url: docs });
      if (method === 'PATCH') {
        // PATCH /repos/{owner}/{repo}/pulls/{n}: title, body, base, state ('open' | 'closed')
        const input = JSON.parse(body.toString('utf8') || '{}') as {
          state?: string;
          title?: string;
          body?: string;
        };
        if (input.state !== undefined && input.state !== 'open' && input.state !== 'closed')
          return json(res, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', field: 'state', code: 'invalid' }],
            documentation_url: docs,
          });
        if (input.title !== undefined) pull.title = input.title;
        if (input.body !== undefined) pull.body = input.body;
        if (input.state === 'closed' && pull.state === 'open' && !pull.merged) {
          pull.state = 'closed';
          pull.closedAt = new Date().toISOString();
        }
      }
      return json(res, 200, pullView(pull));
    }
    if (await follow.handle(method, fullName, rest, url, body, res, branchSha)) return;
    return json(res, 404, { message: 'Not Found', documentation_url: docs });
  }

  /** Smart HTTP: hand the request to git http-backend as CGI and relay its answer. */
  function gitHttp(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', base);
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        // http-backend enables receive-pack only for an authenticated user
        REMOTE_USER: login,
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.resume();
    // http-backend may exit without reading the whole request (e.g. an upload-pack negotiation it ends
    // early); the EPIPE that follows is not an error of the exchange
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const headerEnd = split >= 0 ? split : out.indexOf('\n\n');
      const sepLen = split >= 0 ? 4 : 2;
      if (headerEnd < 0) {
        res.writeHead(500);
        res.end('git http-backend produced no headers');
        return;
      }
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of out.subarray(0, headerEnd).toString('utf8').split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.end(out.subarray(headerEnd + sepLen));
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const ok = authorized(req);
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorized: ok });
      const isGit = /^\/[^/]+\/[^/]+\.git\//.test(req.url ?? '');
      if (!ok) {
        if (isGit) {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' });
          res.end();
          return;
        }
        return json(res, 401, {
          message: req.headers.authorization ? 'Bad credentials' : 'Requires authentication',
          documentation_url: docs,
        });
      }
      if (isGit) return gitHttp(req, res, body);
      api(req, res, body).catch((err: unknown) => json(res, 500, { message: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const findPull = (fullName: string, number: number) => {
    const p = pulls.find((x) => `${x.owner}/${x.repo}` === fullName && x.number === number);
    if (!p) throw new Error(`no pull ${fullName}#${number}`);
    return p;
  };

  return {
    url: base,
    root,
    requests,
    pulls,
    comments,
    follow: follow.state,
    openIssue(fullName, title, body) {
      const at = follow.tick();
      const issue = {
        number: follow.nextNumber(fullName),
        repo: fullName,
        title,
        body: body ?? null,
        state: 'open' as const,
        stateReason: null,
        user: 'a-user',
        labels: [],
        createdAt: at,
        updatedAt: at,
        closedAt: null,
      };
      follow.state.issues.push(issue);
      return follow.issueView(issue);
    },
    changeIssue(fullName, number, change) {
      const issue = follow.state.issues.find((i) => i.repo === fullName && i.number === number);
      if (!issue) throw new Error(`no issue ${fullName}#${number}`);
      if (change.title !== undefined) issue.title = change.title;
      if (change.body !== undefined) issue.body = change.body;
      if (change.state === 'closed' && issue.state === 'open')
        Object.assign(issue, { state: 'closed', closedAt: follow.now(), stateReason: 'completed' });
      if (change.state === 'open' && issue.state === 'closed')
        Object.assign(issue, { state: 'open', closedAt: null, stateReason: 'reopened' });
      issue.updatedAt = follow.tick();
      return follow.issueView(issue);
    },
    issueView(fullName, number) {
      const issue = follow.state.issues.find((i) => i.repo === fullName && i.number === number);
      if (!issue) throw new Error(`no issue ${fullName}#${number}`);
      return follow.issueView(issue);
    },
    async addReview(fullName, pullNumber, r) {
      const pull = findPull(fullName, pullNumber);
      const commitId = (await branchSha(fullName, pull.head)) ?? pull.headSha;
      const review = {
        id: follow.nextId(),
        repo: fullName,
        pull: pullNumber,
        user: r.user ?? 'a-reviewer',
        body: r.body,
        state: r.state,
        commitId,
        submittedAt: follow.now(),
      };
      follow.state.reviews.push(review);
      const added = (r.comments ?? []).map((c) => ({
        id: follow.nextId(),
        reviewId: review.id,
        repo: fullName,
        pull: pullNumber,
        user: review.user,
        body: c.body,
        path: c.path,
        line: c.line,
        commitId,
        createdAt: follow.now(),
      }));
      follow.state.reviewComments.push(...added);
      return { review: follow.reviewView(review), comments: added.map(follow.reviewCommentView) };
    },
    addCheckRun(fullName, sha, r) {
      const run = {
        id: follow.nextId(),
        repo: fullName,
        headSha: sha,
        name: r.name,
        status: 'completed' as const,
        conclusion: r.conclusion,
        title: r.title ?? null,
        summary: r.summary ?? null,
        text: r.text ?? null,
        startedAt: follow.now(),
        completedAt: follow.now(),
      };
      follow.state.checkRuns.push(run);
      return follow.checkRunView(run);
    },
    addStatus(fullName, sha, st) {
      follow.state.statuses.push({
        id: follow.nextId(),
        repo: fullName,
        sha,
        context: st.context,
        state: st.state,
        description: st.description ?? null,
        targetUrl: null,
        createdAt: follow.now(),
      });
    },
    async createRepo(fullName, files, o = {}) {
      const branch = o.defaultBranch ?? 'main';
      await mkdir(path.dirname(bare(fullName)), { recursive: true });
      await run('git', ['init', '--bare', '--initial-branch', branch, bare(fullName)]);
      const work = await mkdtemp(path.join(tmpdir(), 'fake-github-seed-'));
      for (const [file, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(work, file)), { recursive: true });
        await writeFile(path.join(work, file), content);
      }
      const g = (args: string[]) => run('git', ['-C', work, ...args]);
      await g(['init', '--initial-branch', branch]);
      await g(['add', '-A']);
      await g(['-c', 'user.name=Seed', '-c', 'user.email=seed@example.com', 'commit', '-m', 'initial']);
      await g(['push', bare(fullName), `HEAD:refs/heads/${branch}`]);
      await rm(work, { recursive: true, force: true });
      defaultBranches.set(fullName, branch);
    },
    branchSha,
    showFile: (fullName, ref, file) => git(fullName, ['show', `${ref}:${file}`]),
    git,
    mergePull(fullName, number) {
      const p = findPull(fullName, number);
      const now = new Date().toISOString();
      Object.assign(p, { state: 'closed', merged: true, mergedAt: now, closedAt: now });
    },
    closePull(fullName, number) {
      Object.assign(findPull(fullName, number), { state: 'closed', closedAt: new Date().toISOString() });
    },
    hang(method, p) {
      hangs.push({ method, path: p });
    },
    unhang() {
      hangs.length = 0;
    },
    async close() {
      for (const r of held) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
