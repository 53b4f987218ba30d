import { readFileSync } from 'node:fs';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

type Issue = Record<string, unknown> & { number: number; updated_at: string; title: string };

/**
 * GitHub's "List repository issues" endpoint as documented: state, sort=updated, direction, since
 * (inclusive), per_page, page, Link rel="next"/"last" headers, pull requests mixed in (with a
 * `pull_request` key), Bearer auth, and the 403 + x-ratelimit-remaining: 0 rate-limit answer.
 * Items are built from the recorded octokit fixture.
 */
export interface FakeGithubIssues extends FakeServer {
  issues: Map<string, Issue[]>;
  addIssue(repo: string, title: string, opts?: { pullRequest?: boolean; updatedAt?: string }): Issue;
  /** an edit: the issue's updated_at moves to the fake clock's next minute */
  touch(repo: string, number: number): void;
  rateLimitNext(n: number): void;
}

export async function startFakeGithubIssues(opts: { token?: string } = {}): Promise<FakeGithubIssues> {
  const template = (
    JSON.parse(
      readFileSync(new URL('../fixtures/payloads/github-list-repo-issues.json', import.meta.url), 'utf8'),
    ) as Issue[]
  )[0]!;
  const issues = new Map<string, Issue[]>();
  let limited = 0;
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const server = await startFakeServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    if (!m)
      return sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      return sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    if (limited > 0) {
      limited--;
      return sendJson(
        res,
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) },
      );
    }
    const repo = `${m[1]}/${m[2]}`;
    const list = issues.get(repo.toLowerCase());
    if (!list) return sendJson(res, 404, { message: 'Not Found' });
    const since = url.searchParams.get('since');
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const asc = url.searchParams.get('direction') === 'asc';
    const all = list
      .filter((i) => !since || i.updated_at >= since)
      .sort((a, b) =>
        asc ? a.updated_at.localeCompare(b.updated_at) : b.updated_at.localeCompare(a.updated_at),
      );
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number) => {
      const u = new URL(`${server.url}${url.pathname}`);
      url.searchParams.forEach((v, k) => u.searchParams.set(k, v));
      u.searchParams.set('page', String(p));
      return u.toString();
    };
    const links = page < last ? `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` : '';
    sendJson(res, 200, all.slice((page - 1) * perPage, page * perPage), links ? { link: links } : {});
  });
  return Object.assign(server, {
    issues,
    addIssue(repo: string, title: string, o: { pullRequest?: boolean; updatedAt?: string } = {}) {
      const list = issues.get(repo.toLowerCase()) ?? [];
      issues.set(repo.toLowerCase(), list);
      clock += 60_000;
      const number = list.length + 1;
      const at = o.updatedAt ?? new Date(clock).toISOString().replace('.000', '');
      const issue: Issue = {
        ...template,
        id: 1_000_000 + number,
        number,
        title,
        body: `Body of ${title}`,
        html_url: `https://github.com/${repo}/issues/${number}`,
        created_at: at,
        updated_at: at,
        ...(o.pullRequest
          ? { pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${number}` } }
          : {}),
      };
      list.push(issue);
      return issue;
    },
    touch(repo: string, number: number) {
      const issue = issues.get(repo.toLowerCase())?.find((i) => i.number === number);
      clock += 60_000;
      if (issue) issue.updated_at = new Date(clock).toISOString().replace('.000', '');
    },
    rateLimitNext(n: number) {
      limited = n;
    },
  });
}
