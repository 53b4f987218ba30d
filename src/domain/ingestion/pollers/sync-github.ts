import { AppError } from '../../errors.js';
import { assertRepoName } from '../../repos/repo-name.js';
import { saveSourceCursor } from '../../sources/source-repository.js';
import type { Source } from '../../sources/source.js';
import { ingestItems } from '../ingest-items.js';
import { githubIssue, githubIssueToItem, isPullRequest, type GithubIssue } from '../vendors/github.js';
import { isClusterIssueBody } from '../../github/cluster-issue-body.js';
import { followClusterIssueState, followImportedIssue } from '../../github/follow-github-issue.js';
import { issueSnapshot } from '../../github/handle-issues-event.js';
import { RateLimitedError, retryAfterSeconds, type PollerDeps } from './poller-deps.js';
import { z } from 'zod';
import { getWithRetryOnReset } from './get-with-retry-on-reset.js';

const MAX_PAGES = 50;

export interface SyncResult {
  repo: string;
  fetched: number;
  stored: number;
  skippedPullRequests: number;
  /** reports already imported whose issue was edited, closed or reopened since */
  updated: number;
  /** closed issues never imported and left out (the source's `includeClosed` is off) */
  skippedClosed: number;
}

const nextLink = (link: string | null) => /<([^>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];

/**
 * Syncs one repository's issues via GET /repos/{owner}/{repo}/issues (state=all, oldest update first),
 * following Link rel="next", skipping pull requests, and saving `since` (the newest updated_at seen) after
 * every page. `since` is inclusive, so the boundary issue comes back and is deduped, never lost.
 * An issue already imported is followed instead (new title or body, closed or reopened); an issue
 * Soulcaster created from a cluster moves that cluster. A closed issue never imported is left out (the
 * first sync's closed history, an issue opened and closed between two polls) unless the source says
 * `includeClosed`; it becomes feedback if it is reopened.
 */
export async function syncGithubRepo(
  deps: PollerDeps,
  source: Source | undefined,
  projectId: string,
  repo: string,
): Promise<SyncResult> {
  const cursor = { ...((source?.cursor ?? {}) as { since?: Record<string, string> }) };
  const since: Record<string, string> = { ...(cursor.since ?? {}) };
  const key = repo.toLowerCase();
  // a name stored before the grammar was enforced must not become a path like /repos/../../issues
  assertRepoName(repo);
  const url = new URL(`${deps.github.apiUrl}/repos/${repo}/issues`);
  url.searchParams.set('state', 'all');
  url.searchParams.set('sort', 'updated');
  url.searchParams.set('direction', 'asc');
  url.searchParams.set('per_page', '100');
  if (since[key]) url.searchParams.set('since', since[key]);
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'soulcaster',
  };
  if (source?.secrets.token) headers.authorization = `Bearer ${source.secrets.token}`;
  const result: SyncResult = {
    repo,
    fetched: 0,
    stored: 0,
    skippedPullRequests: 0,
    updated: 0,
    skippedClosed: 0,
  };
  const includeClosed = source?.config.includeClosed === true;
  let next: string | undefined = url.toString();
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const res = await getWithRetryOnReset(deps.fetch, next, { headers });
    if (res.status === 429 || (res.status === 403 && res.headers.get('x-ratelimit-remaining') === '0')) {
      throw new RateLimitedError('GitHub', retryAfterSeconds(res, deps.clock.now()));
    }
    if (res.status === 404)
      throw new AppError('not_found', `GitHub repository ${repo} not found or not visible to the token`);
    if (!res.ok) throw new AppError('upstream_failed', `GitHub answered ${res.status} for ${repo} issues`);
    const parsed = z.array(githubIssue).safeParse(await res.json());
    if (!parsed.success)
      throw new AppError('upstream_failed', `GitHub returned an unexpected issues list for ${repo}`);
    const issues = parsed.data.filter((i) => !isPullRequest(i));
    result.skippedPullRequests += parsed.data.length - issues.length;
    result.fetched += issues.length;
    const fresh: GithubIssue[] = [];
    for (const issue of issues) {
      const ref = { projectId, repo, number: issue.number };
      const snapshot = issueSnapshot(issue);
      if (isClusterIssueBody(issue.body)) {
        await followClusterIssueState(deps.db, ref, snapshot.state);
        continue;
      }
      const change = await followImportedIssue(deps, ref, snapshot);
      if (change !== undefined) {
        if (change !== 'none') result.updated++;
      } else if (snapshot.state === 'closed' && !includeClosed) result.skippedClosed++;
      else fresh.push(issue);
    }
    if (fresh.length > 0) {
      const stored = await ingestItems(deps, {
        projectId,
        kind: 'github',
        source,
        items: fresh.map((i) => githubIssueToItem(repo, i)),
      });
      result.stored += stored.items.filter((i) => !i.duplicate).length;
    }
    const newest = parsed.data
      .map((i) => i.updated_at)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    if (newest && source) {
      since[key] = newest;
      await saveSourceCursor(deps.db, source.id, { ...cursor, since });
    }
    next = nextLink(res.headers.get('link'));
  }
  return result;
}
