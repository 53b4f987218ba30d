import { getUserGithubToken } from '../users/get-user-github-token.js';
import type { FixDeps } from './fix-deps.js';
import { findOpenPulls } from './fix-repository.js';
import { describeGithubError, githubClient } from './github-client.js';
import { recordPullRequestState } from './record-pull-request-state.js';

/**
 * Scheduled: asks GitHub about every fix PR still open (as the user who opened it) and records merges and
 * closes, for repositories whose `pull_request` webhook is not set up. Errors are per PR and logged.
 */
export async function pollPullRequests(
  deps: Pick<FixDeps, 'db' | 'secrets' | 'github' | 'fetch' | 'logger' | 'notifications'>,
) {
  const rows = await findOpenPulls(deps.db);
  let changed = 0;
  for (const row of rows) {
    if (row.started_by === null) continue;
    try {
      const token = await getUserGithubToken({ db: deps.db, secrets: deps.secrets, userId: row.started_by });
      const [owner, repo] = row.repo.split('/') as [string, string];
      const { data } = await githubClient({
        apiUrl: deps.github.apiUrl,
        token,
        fetch: deps.fetch,
        timeoutMs: deps.github.requestTimeoutMs,
      })
        .rest.pulls.get({ owner, repo, pull_number: row.pr_number })
        .catch((err: unknown) => {
          throw describeGithubError(err);
        });
      const state = data.merged ? 'merged' : data.state === 'closed' ? 'closed' : 'open';
      if (state === 'open') continue;
      await recordPullRequestState(
        deps.db,
        { projectId: row.project_id, repo: row.repo, number: row.pr_number },
        state,
        deps.notifications,
      );
      changed++;
    } catch (err) {
      deps.logger.warn({ err, repo: row.repo, pr: row.pr_number }, 'could not poll a fix pull request');
    }
  }
  return { checked: rows.length, changed };
}
