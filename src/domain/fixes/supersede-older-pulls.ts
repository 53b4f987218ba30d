import type { Queryable } from '../../db/database.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';

interface OlderPull {
  repo: string;
  pr_number: number;
}

/**
 * One open PR per cluster: once a new attempt's PR is open, every older open PR of the cluster is closed
 * as superseded, with a comment pointing at the new one, and recorded as `closed` (superseded_by = the
 * new fix). A PR that GitHub refuses to close is reported and left open; the cluster stays `pr_opened`
 * either way, since the new PR is open. Returns one line per PR for the fix's log.
 */
export async function supersedeOlderPulls(
  db: Queryable,
  gh: GithubClientOptions,
  fix: {
    projectId: string;
    clusterId: string;
    fixId: string;
    prNumber: number;
    prUrl: string;
    attempt: number;
  },
): Promise<string[]> {
  const { rows } = await db.query<OlderPull>(
    // one row per PR: a fix and its follow-ups (Address review) share their pull request
    `select distinct on (lower(repo), pr_number) repo, pr_number from agent_jobs
      where project_id = $1 and cluster_id = $2 and id <> $3 and pr_state = 'open' and pr_number is not null
        and repo is not null
      order by lower(repo), pr_number, created_at`,
    [fix.projectId, fix.clusterId, fix.fixId],
  );
  const lines: string[] = [];
  const client = githubClient(gh);
  for (const old of rows) {
    const [owner, repo] = old.repo.split('/') as [string, string];
    try {
      await client.rest.issues.createComment({
        owner,
        repo,
        issue_number: old.pr_number,
        body: `Superseded by #${fix.prNumber} (${fix.prUrl}), attempt ${fix.attempt} of the same Soulcaster fix. Closing this one so the cluster has a single open pull request.`,
      });
      await client.rest.pulls.update({ owner, repo, pull_number: old.pr_number, state: 'closed' });
      await db.query(
        `update agent_jobs set pr_state = 'closed', superseded_by = $2, updated_at = now()
          where project_id = $1 and cluster_id = $3 and lower(repo) = lower($4) and pr_number = $5
            and pr_state = 'open' and id <> $2`,
        [fix.projectId, fix.fixId, fix.clusterId, old.repo, old.pr_number],
      );
      lines.push(`closed #${old.pr_number} as superseded by #${fix.prNumber}`);
    } catch (err) {
      lines.push(
        `could not close #${old.pr_number} as superseded (${describeGithubError(err).message}); it stays open`,
      );
    }
  }
  return lines;
}
