import type { Queryable } from '../../db/database.js';
import { findOtherOpenPulls, markPullSuperseded } from './fix-repository.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';

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
  const rows = await findOtherOpenPulls(db, fix);
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
      await markPullSuperseded(db, { projectId: fix.projectId, fixId: old.id, by: fix.fixId });
      lines.push(`closed #${old.pr_number} as superseded by #${fix.prNumber}`);
    } catch (err) {
      lines.push(
        `could not close #${old.pr_number} as superseded (${describeGithubError(err).message}); it stays open`,
      );
    }
  }
  return lines;
}
