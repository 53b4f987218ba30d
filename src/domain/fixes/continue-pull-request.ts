import type { FixDeps } from './fix-deps.js';
import type { FixTimings } from './fix.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';

/**
 * A follow-up pushed its commit to the branch of its fix's pull request: it records that pull request
 * as its own (its state then moves with it, as every attempt's does) and says on the PR what the new
 * commit addresses. The comment is a courtesy: failing to post it does not fail the follow-up.
 */
export async function continuePullRequest(
  deps: Pick<FixDeps, 'db' | 'logger' | 'clock'>,
  gh: GithubClientOptions,
  opts: {
    projectId: string;
    jobId: string;
    of: string;
    repo: string;
    commitSha: string;
    kind: 'review' | 'checks';
    timings: FixTimings;
  },
): Promise<{ prUrl: string; prNumber: number }> {
  const { rows } = await deps.db.query<{ pr_url: string | null; pr_number: number | null }>(
    'select pr_url, pr_number from agent_jobs where project_id = $1 and id = $2',
    [opts.projectId, opts.of],
  );
  const pr = rows[0];
  if (pr === undefined || pr.pr_url === null || pr.pr_number === null)
    throw new Error('the fix this follow-up continues has no pull request');
  await deps.db.query(
    `update agent_jobs set pr_url = $3, pr_number = $4, pr_state = 'open', timings = $5::jsonb, updated_at = now()
      where project_id = $1 and id = $2`,
    [opts.projectId, opts.jobId, pr.pr_url, pr.pr_number, JSON.stringify(opts.timings)],
  );
  const [owner, repo] = opts.repo.split('/') as [string, string];
  const what = opts.kind === 'review' ? 'the review comments' : 'the failing checks';
  try {
    await githubClient(gh).rest.issues.createComment({
      owner,
      repo,
      issue_number: pr.pr_number,
      body: `Pushed ${opts.commitSha.slice(0, 12)} addressing ${what} (Soulcaster job \`${opts.jobId}\`).`,
    });
  } catch (err) {
    deps.logger.warn(
      { err: describeGithubError(err).message, jobId: opts.jobId },
      'could not comment on the PR',
    );
  }
  return { prUrl: pr.pr_url, prNumber: pr.pr_number };
}
