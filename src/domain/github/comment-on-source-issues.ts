import { recentClusterItems } from '../feedback/feedback-repository.js';
import type { FixDeps } from '../fixes/fix-deps.js';
import { getFixSettings } from '../fixes/fix-settings.js';
import { describeGithubError, githubClient } from '../fixes/github-client.js';
import { fixedIssues } from '../fixes/open-pull-request.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';

export type CommentDeps = Pick<FixDeps, 'db' | 'secrets' | 'github' | 'fetch' | 'logger'>;

/**
 * Tells the GitHub issues a cluster's reports came from about its fix PR ("A fix is proposed in #7" when
 * it opens, "Fixed by #7" when it merges), as the user who started the fix, when the project turned this
 * on (fix settings `commentOnIssues`; off by default). Failures are logged per issue, never thrown: the
 * fix itself is done. Returns the issues commented on.
 */
export async function commentOnSourceIssues(
  deps: CommentDeps,
  opts: {
    projectId: string;
    clusterId: string;
    startedBy: string | null;
    repo: string;
    prNumber: number;
    event: 'proposed' | 'merged';
  },
): Promise<string[]> {
  const settings = await getFixSettings(deps.db, opts.projectId).catch(() => ({ commentOnIssues: false }));
  if (settings.commentOnIssues !== true || opts.startedBy === null) return [];
  const items = await recentClusterItems(deps.db, { projectId: opts.projectId, clusterId: opts.clusterId });
  const issues = fixedIssues(items);
  if (issues.length === 0) return [];
  let token: string;
  try {
    token = await getUserGithubToken({ db: deps.db, secrets: deps.secrets, userId: opts.startedBy });
  } catch (err) {
    deps.logger.warn({ err, clusterId: opts.clusterId }, 'no token to comment on the source issues');
    return [];
  }
  const client = githubClient({
    apiUrl: deps.github.apiUrl,
    token,
    fetch: deps.fetch,
    timeoutMs: deps.github.requestTimeoutMs,
  });
  const done: string[] = [];
  for (const ref of issues) {
    const [full, n] = ref.split('#') as [string, string];
    const [owner, repo] = full.split('/') as [string, string];
    const pr =
      full.toLowerCase() === opts.repo.toLowerCase() ? `#${opts.prNumber}` : `${opts.repo}#${opts.prNumber}`;
    const body = opts.event === 'proposed' ? `A fix is proposed in ${pr}` : `Fixed by ${pr}`;
    try {
      await client.rest.issues.createComment({ owner, repo, issue_number: Number(n), body });
      done.push(ref);
    } catch (err) {
      deps.logger.warn(
        { err: describeGithubError(err).message, issue: ref },
        'could not comment on a source issue',
      );
    }
  }
  return done;
}

/** After a fix PR merged (webhook or poll): "Fixed by #n" on the source issues of each cluster it fixed. */
export async function commentMergedPullRequest(
  deps: CommentDeps,
  pr: { projectId: string; repo: string; number: number },
): Promise<void> {
  const { rows } = await deps.db.query<{ cluster_id: string; started_by: string | null; repo: string }>(
    `select distinct on (cluster_id) cluster_id, started_by, repo from agent_jobs
      where project_id = $1 and lower(repo) = lower($2) and pr_number = $3 order by cluster_id, created_at`,
    [pr.projectId, pr.repo, pr.number],
  );
  for (const r of rows)
    await commentOnSourceIssues(deps, {
      projectId: pr.projectId,
      clusterId: r.cluster_id,
      startedBy: r.started_by,
      repo: r.repo,
      prNumber: pr.number,
      event: 'merged',
    });
}
