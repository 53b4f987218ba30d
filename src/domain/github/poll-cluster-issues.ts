import { listIssuesToPoll } from './cluster-issue-repository.js';
import { describeGithubError, githubClient } from '../fixes/github-client.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import type { FeedbackPollDeps } from './refresh-pull-request-feedback.js';
import { followClusterIssueState } from './follow-github-issue.js';

/**
 * Scheduled, beside the pull request poll: asks GitHub (as the user who created it) about every issue
 * created from a cluster and applies a state the webhook did not deliver (closed → resolved, reopened →
 * new). Errors are per issue and logged.
 */
export async function pollClusterIssues(
  deps: FeedbackPollDeps,
): Promise<{ checked: number; changed: number }> {
  const issues = await listIssuesToPoll(deps.db);
  let changed = 0;
  for (const issue of issues) {
    try {
      const token = await getUserGithubToken({
        db: deps.db,
        secrets: deps.secrets,
        userId: issue.createdBy!,
      });
      const [owner, repo] = issue.repo.split('/') as [string, string];
      const { data } = await githubClient({
        apiUrl: deps.github.apiUrl,
        token,
        fetch: deps.fetch,
        timeoutMs: deps.github.requestTimeoutMs,
      })
        .rest.issues.get({ owner, repo, issue_number: issue.number })
        .catch((err: unknown) => {
          throw describeGithubError(err);
        });
      const state = data.state === 'closed' ? 'closed' : 'open';
      if (state === issue.state) continue;
      const moved = await followClusterIssueState(
        deps.db,
        { projectId: issue.projectId, repo: issue.repo, number: issue.number },
        state,
      );
      if (moved) changed++;
    } catch (err) {
      deps.logger.warn(
        { err, issue: `${issue.repo}#${issue.number}` },
        'could not poll a cluster’s GitHub issue',
      );
    }
  }
  return { checked: issues.length, changed };
}
