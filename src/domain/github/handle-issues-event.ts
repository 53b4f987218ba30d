import type { IngestResult } from '../ingestion/ingest-items.js';
import { githubIssueToItem, isPullRequest, type GithubIssue } from '../ingestion/vendors/github.js';
import type { DeliveryContext } from '../ingestion/vendors/vendor.js';
import { isClusterIssueBody } from './cluster-issue-body.js';
import { followClusterIssueState, followImportedIssue, type IssueSnapshot } from './follow-github-issue.js';

export const issueSnapshot = (issue: GithubIssue): IssueSnapshot => ({
  title: issue.title,
  body: issue.body ?? '',
  state: issue.state === 'closed' ? 'closed' : 'open',
  updatedAt: issue.updated_at ?? null,
});

/**
 * The `issues` webhook beyond "opened": `closed` and `reopened` move the cluster whose issue it is
 * (closed → resolved, reopened → new) and mark the report imported from it; `edited` gives that report
 * the new title and body. A reopened issue that was never imported (closed issues are not imported by
 * default) becomes feedback now. Issues Soulcaster created from clusters are never feedback.
 */
export async function handleIssuesEvent(
  ctx: DeliveryContext,
  event: { action: string; repo: string; issue: GithubIssue },
): Promise<IngestResult> {
  const { action, repo, issue } = event;
  if (isPullRequest(issue)) return { status: 'ignored', reason: 'the issue is a pull request', items: [] };
  const ref = { projectId: ctx.projectId, repo, number: issue.number };
  const done: string[] = [];
  if (action === 'closed' || action === 'reopened') {
    const linked = await followClusterIssueState(ctx.db, ref, action === 'closed' ? 'closed' : 'open');
    if (linked)
      done.push(linked.moved ? 'cluster moved' : 'cluster issue state recorded (the cluster did not move)');
  }
  const change = await followImportedIssue(
    { db: ctx.db, itemsEdited: ctx.github.itemsEdited },
    ref,
    issueSnapshot(issue),
  );
  if (change !== undefined && change !== 'none') done.push(`report updated (${change})`);
  if (action === 'reopened' && change === undefined && !isClusterIssueBody(issue.body))
    return ctx.ingest([githubIssueToItem(repo, issue)]);
  return done.length > 0
    ? { status: 'accepted', reason: done.join('; '), items: [] }
    : {
        status: 'ignored',
        reason: `issues action "${action}" changes nothing Soulcaster holds`,
        items: [],
      };
}
