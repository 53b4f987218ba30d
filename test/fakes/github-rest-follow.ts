import type { ServerResponse } from 'node:http';

/**
 * The GitHub REST endpoints around issues, reviews and checks, as documented (docs.github.com/rest:
 * issues, issues/comments, pulls/reviews, pulls/comments, checks/runs, commits/statuses), for the
 * fake in github-server.ts. Issues and pull requests share one number sequence per repository, as on
 * GitHub, and the issues list includes pull requests (with a `pull_request` key).
 */
export interface FakeIssue {
  number: number;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  user: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}
export interface FakeIssueComment {
  id: number;
  repo: string;
  issue: number;
  body: string;
  user: string;
  createdAt: string;
}
export interface FakeReview {
  id: number;
  repo: string;
  pull: number;
  user: string;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING' | 'DISMISSED';
  commitId: string;
  submittedAt: string;
}
export interface FakeReviewComment {
  id: number;
  reviewId: number | null;
  repo: string;
  pull: number;
  user: string;
  body: string;
  path: string;
  line: number;
  commitId: string;
  createdAt: string;
}
export interface FakeCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  startedAt: string;
  completedAt: string | null;
}
export interface FakeCommitStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
}

export interface FollowState {
  issues: FakeIssue[];
  comments: FakeIssueComment[];
  reviews: FakeReview[];
  reviewComments: FakeReviewComment[];
  checkRuns: FakeCheckRun[];
  statuses: FakeCommitStatus[];
}

/** The pull request facts these endpoints need from the fake's own list. */
export interface PullFacts {
  number: number;
  fullName: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  headSha: string;
  head: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

const docs = 'https://docs.github.com/rest';
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};
const notFound = (res: ServerResponse) => json(res, 404, { message: 'Not Found', documentation_url: docs });
const invalid = (res: ServerResponse, resource: string, field: string, code = 'missing_field') =>
  json(res, 422, {
    message: 'Validation Failed',
    errors: [{ resource, field, code }],
    documentation_url: docs,
  });
const userView = (base: string, login: string) => ({
  login,
  id: 583231,
  node_id: 'MDQ6VXNlcjE=',
  html_url: `${base}/${login}`,
  type: 'User',
});

export function createFollowApi(opts: { base: () => string; login: string; pulls: () => PullFacts[] }) {
  const state: FollowState = {
    issues: [],
    comments: [],
    reviews: [],
    reviewComments: [],
    checkRuns: [],
    statuses: [],
  };
  let ids = 100;
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  // GitHub's timestamps have second precision; each change a test makes gets a later second than the
  // one before, so a poll with `since` (inclusive) tells them apart as GitHub's clock would
  let last = 0;
  const tick = () => {
    last = Math.max(Math.floor(Date.now() / 1000) * 1000, last + 1000);
    return new Date(last).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const nextNumber = (fullName: string) =>
    state.issues.filter((i) => i.repo === fullName).length +
    opts.pulls().filter((p) => p.fullName === fullName).length +
    1;

  const issueView = (i: FakeIssue) => {
    const base = opts.base();
    return {
      url: `${base}/repos/${i.repo}/issues/${i.number}`,
      repository_url: `${base}/repos/${i.repo}`,
      html_url: `${base}/${i.repo}/issues/${i.number}`,
      id: 2_000_000 + i.number,
      node_id: `I_${i.number}`,
      number: i.number,
      title: i.title,
      user: userView(base, i.user),
      labels: i.labels.map((name, n) => ({ id: n + 1, name, color: 'ededed', default: false })),
      state: i.state,
      state_reason: i.stateReason,
      locked: false,
      assignees: [],
      comments: state.comments.filter((c) => c.repo === i.repo && c.issue === i.number).length,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      author_association: 'OWNER',
      body: i.body,
    };
  };
  const pullAsIssue = (p: PullFacts) => {
    const base = opts.base();
    return {
      url: `${base}/repos/${p.fullName}/issues/${p.number}`,
      html_url: `${base}/${p.fullName}/pull/${p.number}`,
      id: 3_000_000 + p.number,
      number: p.number,
      title: p.title,
      user: userView(base, opts.login),
      labels: [],
      state: p.state,
      comments: 0,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: p.closedAt,
      body: p.body,
      pull_request: {
        url: `${base}/repos/${p.fullName}/pulls/${p.number}`,
        html_url: `${base}/${p.fullName}/pull/${p.number}`,
      },
    };
  };
  const commentView = (c: FakeIssueComment) => {
    const base = opts.base();
    const isPull = opts.pulls().some((p) => p.fullName === c.repo && p.number === c.issue);
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${base}/repos/${c.repo}/issues/comments/${c.id}`,
      html_url: `${base}/${c.repo}/${isPull ? 'pull' : 'issues'}/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${base}/repos/${c.repo}/issues/${c.issue}`,
      body: c.body,
      user: userView(base, c.user),
      created_at: c.createdAt,
      updated_at: c.createdAt,
      author_association: 'OWNER',
    };
  };
  const reviewView = (r: FakeReview) => {
    const base = opts.base();
    return {
      id: r.id,
      node_id: `PRR_${r.id}`,
      user: userView(base, r.user),
      body: r.body,
      state: r.state,
      html_url: `${base}/${r.repo}/pull/${r.pull}#pullrequestreview-${r.id}`,
      pull_request_url: `${base}/repos/${r.repo}/pulls/${r.pull}`,
      submitted_at: r.state === 'PENDING' ? undefined : r.submittedAt,
      commit_id: r.commitId,
      author_association: 'COLLABORATOR',
    };
  };
  const reviewCommentView = (c: FakeReviewComment) => {
    const base = opts.base();
    return {
      url: `${base}/repos/${c.repo}/pulls/comments/${c.id}`,
      pull_request_review_id: c.reviewId,
      id: c.id,
      node_id: `PRRC_${c.id}`,
      diff_hunk: '@@ -1,3 +1,3 @@',
      path: c.path,
      commit_id: c.commitId,
      original_commit_id: c.commitId,
      user: userView(base, c.user),
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      html_url: `${base}/${c.repo}/pull/${c.pull}#discussion_r${c.id}`,
      pull_request_url: `${base}/repos/${c.repo}/pulls/${c.pull}`,
      author_association: 'COLLABORATOR',
      line: c.line,
      original_line: c.line,
      side: 'RIGHT',
    };
  };
  const checkRunView = (c: FakeCheckRun) => {
    const base = opts.base();
    const pulls = opts.pulls().filter((p) => p.fullName === c.repo && p.headSha === c.headSha);
    return {
      id: c.id,
      head_sha: c.headSha,
      node_id: `CR_${c.id}`,
      external_id: '',
      url: `${base}/repos/${c.repo}/check-runs/${c.id}`,
      html_url: `${base}/${c.repo}/runs/${c.id}`,
      details_url: `${base}/${c.repo}/runs/${c.id}`,
      status: c.status,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      output: {
        title: c.title,
        summary: c.summary,
        text: c.text,
        annotations_count: 0,
        annotations_url: `${base}/repos/${c.repo}/check-runs/${c.id}/annotations`,
      },
      name: c.name,
      check_suite: { id: 5 },
      app: { id: 1, slug: 'ci', name: 'CI' },
      pull_requests: pulls.map((p) => ({
        id: 1000 + p.number,
        number: p.number,
        url: `${base}/repos/${p.fullName}/pulls/${p.number}`,
        head: { ref: p.head, sha: p.headSha },
      })),
    };
  };
  const statusView = (s: FakeCommitStatus) => ({
    id: s.id,
    node_id: `SC_${s.id}`,
    url: `${opts.base()}/repos/${s.repo}/statuses/${s.sha}`,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.createdAt,
  });

  /** A ref (branch name or sha) as a commit sha, from what the fake knows. */
  const resolveRef = async (
    fullName: string,
    ref: string,
    branchSha: (f: string, b: string) => Promise<string | undefined>,
  ) => (/^[0-9a-f]{40}$/.test(ref) ? ref : await branchSha(fullName, ref));

  /** Handles the request when it is one of these endpoints; returns false to let the caller go on. */
  async function handle(
    method: string,
    fullName: string,
    rest: string,
    url: URL,
    body: Buffer,
    res: ServerResponse,
    branchSha: (f: string, b: string) => Promise<string | undefined>,
  ): Promise<boolean> {
    const input = () => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    if (rest === '/issues' && method === 'POST') {
      const i = input();
      if (typeof i.title !== 'string' || i.title === '') return (invalid(res, 'Issue', 'title'), true);
      const at = tick();
      const issue: FakeIssue = {
        number: nextNumber(fullName),
        repo: fullName,
        title: i.title,
        body: typeof i.body === 'string' ? i.body : null,
        state: 'open',
        stateReason: null,
        user: opts.login,
        labels: Array.isArray(i.labels) ? i.labels.map(String) : [],
        createdAt: at,
        updatedAt: at,
        closedAt: null,
      };
      state.issues.push(issue);
      json(res, 201, issueView(issue));
      return true;
    }
    if (rest === '/issues' && method === 'GET') {
      const want = url.searchParams.get('state') ?? 'open';
      const since = url.searchParams.get('since');
      const asc = url.searchParams.get('direction') === 'asc';
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = [
        ...state.issues.filter((i) => i.repo === fullName).map(issueView),
        ...opts
          .pulls()
          .filter((p) => p.fullName === fullName)
          .map(pullAsIssue),
      ]
        .filter((i) => want === 'all' || i.state === want)
        .filter((i) => !since || i.updated_at >= since)
        .sort((a, b) => (asc ? 1 : -1) * (a.updated_at.localeCompare(b.updated_at) || a.number - b.number));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number) => {
        const u = new URL(url.toString());
        u.searchParams.set('page', String(p));
        return u.toString();
      };
      const headers: Record<string, string> =
        page < last ? { link: `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {};
      json(res, 200, all.slice((page - 1) * perPage, page * perPage), headers);
      return true;
    }
    const issueMatch = /^\/issues\/(\d+)$/.exec(rest);
    if (issueMatch && (method === 'GET' || method === 'PATCH')) {
      const issue = state.issues.find((i) => i.repo === fullName && i.number === Number(issueMatch[1]));
      if (!issue) {
        const pull = opts.pulls().find((p) => p.fullName === fullName && p.number === Number(issueMatch[1]));
        if (pull && method === 'GET') return (json(res, 200, pullAsIssue(pull)), true);
        return (notFound(res), true);
      }
      if (method === 'PATCH') {
        const i = input();
        if (i.state !== undefined && i.state !== 'open' && i.state !== 'closed')
          return (invalid(res, 'Issue', 'state', 'invalid'), true);
        if (typeof i.title === 'string') issue.title = i.title;
        if (typeof i.body === 'string' || i.body === null) issue.body = i.body;
        if (i.state === 'closed' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closedAt = now();
          issue.stateReason = typeof i.state_reason === 'string' ? i.state_reason : 'completed';
        } else if (i.state === 'open' && issue.state === 'closed') {
          Object.assign(issue, { state: 'open', closedAt: null, stateReason: 'reopened' });
        }
        issue.updatedAt = tick();
      }
      json(res, 200, issueView(issue));
      return true;
    }
    const commentsMatch = /^\/issues\/(\d+)\/comments$/.exec(rest);
    if (commentsMatch && (method === 'POST' || method === 'GET')) {
      const n = Number(commentsMatch[1]);
      const exists =
        state.issues.some((i) => i.repo === fullName && i.number === n) ||
        opts.pulls().some((p) => p.fullName === fullName && p.number === n);
      if (!exists) return (notFound(res), true);
      if (method === 'GET') {
        json(res, 200, state.comments.filter((c) => c.repo === fullName && c.issue === n).map(commentView));
        return true;
      }
      const i = input();
      if (typeof i.body !== 'string' || i.body === '') return (invalid(res, 'IssueComment', 'body'), true);
      const comment: FakeIssueComment = {
        id: ++ids,
        repo: fullName,
        issue: n,
        body: i.body,
        user: opts.login,
        createdAt: now(),
      };
      state.comments.push(comment);
      json(res, 201, commentView(comment));
      return true;
    }
    const pullSub = /^\/pulls\/(\d+)\/(reviews|comments)$/.exec(rest);
    if (pullSub && method === 'GET') {
      const n = Number(pullSub[1]);
      if (!opts.pulls().some((p) => p.fullName === fullName && p.number === n)) return (notFound(res), true);
      if (pullSub[2] === 'reviews')
        json(res, 200, state.reviews.filter((r) => r.repo === fullName && r.pull === n).map(reviewView));
      else
        json(
          res,
          200,
          state.reviewComments.filter((c) => c.repo === fullName && c.pull === n).map(reviewCommentView),
        );
      return true;
    }
    const commitSub = /^\/commits\/([^/]+)\/(check-runs|status)$/.exec(rest);
    if (commitSub && method === 'GET') {
      const sha = await resolveRef(fullName, decodeURIComponent(commitSub[1]!), branchSha);
      if (sha === undefined)
        return (
          json(res, 422, { message: `No commit found for SHA: ${commitSub[1]}`, documentation_url: docs }),
          true
        );
      if (commitSub[2] === 'check-runs') {
        const runs = state.checkRuns
          .filter((c) => c.repo === fullName && c.headSha === sha)
          .map(checkRunView);
        json(res, 200, { total_count: runs.length, check_runs: runs });
        return true;
      }
      // the newest status per context, and the combined state GitHub derives from them
      const latest = new Map<string, FakeCommitStatus>();
      for (const s of state.statuses.filter((x) => x.repo === fullName && x.sha === sha))
        latest.set(s.context, s);
      const statuses = [...latest.values()];
      const combined = statuses.some((s) => s.state === 'error' || s.state === 'failure')
        ? 'failure'
        : statuses.every((s) => s.state === 'success') && statuses.length > 0
          ? 'success'
          : 'pending';
      json(res, 200, {
        state: combined,
        statuses: statuses.map(statusView),
        sha,
        total_count: statuses.length,
        repository: { full_name: fullName },
        commit_url: `${opts.base()}/repos/${fullName}/commits/${sha}`,
        url: `${opts.base()}/repos/${fullName}/commits/${sha}/status`,
      });
      return true;
    }
    return false;
  }

  return {
    state,
    handle,
    issueView,
    reviewView,
    reviewCommentView,
    checkRunView,
    nextId: () => ++ids,
    now,
    tick,
    nextNumber,
  };
}
