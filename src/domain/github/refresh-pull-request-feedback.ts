import { z } from 'zod';
import { upsertPullRequestFeedback } from './pull-request-feedback-repository.js';
import { AppError } from '../errors.js';
import type { FixDeps } from '../fixes/fix-deps.js';
import { describeGithubError, githubClient } from '../fixes/github-client.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import {
  checkRunEntry,
  commitStatusEntry,
  githubCheckRun,
  githubCommitStatus,
  githubReview,
  githubReviewComment,
  reviewCommentEntry,
  reviewEntry,
} from './pull-request-feedback-shapes.js';

export type FeedbackPollDeps = Pick<FixDeps, 'db' | 'secrets' | 'github' | 'fetch' | 'logger'>;

/**
 * Asks GitHub, as `userId`, for a fix pull request's reviews, review comments, and the check runs and
 * combined status of its newest commit, and stores them: the poll behind the review webhooks (for
 * repositories without them, and for the "Refresh" button). Returns how many entries were new or changed.
 */
export async function refreshPullRequestFeedback(
  deps: FeedbackPollDeps,
  pr: { projectId: string; repo: string; number: number; userId: string },
): Promise<number> {
  const token = await getUserGithubToken({ db: deps.db, secrets: deps.secrets, userId: pr.userId });
  const gh = githubClient({
    apiUrl: deps.github.apiUrl,
    token,
    fetch: deps.fetch,
    timeoutMs: deps.github.requestTimeoutMs,
  });
  const [owner, repo] = pr.repo.split('/') as [string, string];
  const at = { repo: pr.repo, prNumber: pr.number };
  try {
    const pull = await gh.rest.pulls.get({ owner, repo, pull_number: pr.number });
    const head = pull.data.head.sha;
    const reviews = z
      .array(githubReview)
      .parse((await gh.rest.pulls.listReviews({ owner, repo, pull_number: pr.number, per_page: 100 })).data);
    const comments = z
      .array(githubReviewComment)
      .parse(
        (await gh.rest.pulls.listReviewComments({ owner, repo, pull_number: pr.number, per_page: 100 })).data,
      );
    const runs = z
      .object({ check_runs: z.array(githubCheckRun) })
      .loose()
      .parse((await gh.rest.checks.listForRef({ owner, repo, ref: head, per_page: 100 })).data);
    const status = z
      .object({ sha: z.string(), statuses: z.array(githubCommitStatus) })
      .loose()
      .parse((await gh.rest.repos.getCombinedStatusForRef({ owner, repo, ref: head })).data);
    return await upsertPullRequestFeedback(deps.db, pr.projectId, [
      ...reviews.filter((r) => r.state.toLowerCase() !== 'pending').map((r) => reviewEntry(at, r)),
      ...comments.map((c) => reviewCommentEntry(at, c)),
      ...runs.check_runs.map((c) => checkRunEntry(at, c)),
      ...status.statuses.map((s) => commitStatusEntry(at, status.sha, s)),
    ]);
  } catch (err) {
    if (err instanceof z.ZodError)
      throw new AppError(
        'upstream_failed',
        `GitHub returned an unexpected review or check list for ${pr.repo}#${pr.number}: ${err.issues[0]?.message ?? ''}`,
      );
    throw describeGithubError(err);
  }
}

/** Scheduled: refreshes what was said on every open fix pull request (errors are per PR and logged). */
export async function pollPullRequestFeedback(deps: FeedbackPollDeps): Promise<{ checked: number }> {
  const { rows } = await deps.db.query<{
    project_id: string;
    repo: string;
    pr_number: number;
    started_by: string | null;
  }>(
    `select distinct on (project_id, lower(repo), pr_number) project_id, repo, pr_number, started_by
       from agent_jobs where pr_state = 'open' and pr_number is not null and repo is not null
         and started_by is not null
      order by project_id, lower(repo), pr_number, created_at desc limit 500`,
  );
  for (const r of rows) {
    try {
      await refreshPullRequestFeedback(deps, {
        projectId: r.project_id,
        repo: r.repo,
        number: r.pr_number,
        userId: r.started_by!,
      });
    } catch (err) {
      deps.logger.warn({ err, repo: r.repo, pr: r.pr_number }, 'could not poll a fix pull request’s reviews');
    }
  }
  return { checked: rows.length };
}
