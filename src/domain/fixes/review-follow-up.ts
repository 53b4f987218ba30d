import {
  listPullRequestFeedback,
  type PullRequestFeedback,
} from '../github/pull-request-feedback-repository.js';
import { AppError } from '../errors.js';
import { FAILED_CHECK_STATES } from '../github/pull-request-feedback-shapes.js';
import { getFix, type Fix, type FollowUpItem } from './fix.js';
import type { FixDeps } from './fix-deps.js';
import { startFix } from './start-fix.js';

export interface PullRequestReview {
  repo: string;
  prNumber: number;
  /** reviews with a verdict or text, and line comments, oldest first */
  comments: PullRequestFeedback[];
  /** checks of the pull request's newest commit Soulcaster pushed */
  checks: PullRequestFeedback[];
  /** what "Address review" would send: comments received since the last review follow-up started */
  toAddress: number;
  /** what "Fix failing checks" would send */
  failingChecks: number;
}

const toItem = (f: PullRequestFeedback): FollowUpItem => ({
  author: f.author,
  body: f.body,
  path: f.path,
  line: f.line,
  url: f.url,
  state: f.state,
});

/** The PR's newest commit Soulcaster pushed, and when the last review follow-up of it was started. */
async function pullRequestLine(deps: Pick<FixDeps, 'db'>, projectId: string, fix: Fix) {
  const { rows } = await deps.db.query<{ head: string | null; last_review: Date | null }>(
    `select (select commit_sha from agent_jobs where project_id = $1 and lower(repo) = lower($2) and pr_number = $3
              and commit_sha is not null order by created_at desc limit 1) as head,
            (select max(created_at) from agent_jobs where project_id = $1 and lower(repo) = lower($2) and pr_number = $3
              and follow_up->>'kind' = 'review') as last_review`,
    [projectId, fix.repo, fix.prNumber],
  );
  return rows[0] ?? { head: null, last_review: null };
}

/** What reviewers and checks said on a fix's pull request (webhooks and polls stored it). */
export async function getPullRequestReview(
  deps: Pick<FixDeps, 'db'>,
  projectId: string,
  fixId: string,
): Promise<PullRequestReview & { fix: Fix; head: string | null; lastReview: Date | null }> {
  const fix = await getFix(deps.db, projectId, fixId);
  if (fix.repo === null || fix.prNumber === null)
    throw new AppError('invalid_state', 'this fix has no pull request');
  const all = await listPullRequestFeedback(deps.db, projectId, fix.repo, fix.prNumber);
  const { head, last_review } = await pullRequestLine(deps, projectId, fix);
  const comments = all.filter(
    (f) =>
      f.kind === 'review_comment' ||
      (f.kind === 'review' && (f.body.trim() !== '' || f.state === 'changes_requested')),
  );
  const checks = all.filter((f) => f.kind === 'check' && (head === null || f.commitSha === head));
  const fresh = comments.filter((c) => last_review === null || c.receivedAt > last_review);
  return {
    fix,
    head,
    lastReview: last_review,
    repo: fix.repo,
    prNumber: fix.prNumber,
    comments,
    checks,
    toAddress: fresh.length,
    failingChecks: checks.filter((c) => FAILED_CHECK_STATES.includes(c.state ?? '')).length,
  };
}

/**
 * "Address review" / "Fix failing checks": a new attempt that runs the agent on the fix's own branch
 * with the review comments (those received since the last review follow-up) or the failing checks in its
 * task, and pushes to the same pull request. The PR must still be open; everything else (one fix at a
 * time per cluster, the user's token, the agent and runner) is checked as for any fix.
 */
export async function startReviewFollowUp(
  deps: FixDeps,
  input: { projectId: string; fixId: string; userId: string; kind: 'review' | 'checks' },
): Promise<Fix> {
  const review = await getPullRequestReview(deps, input.projectId, input.fixId);
  const { fix } = review;
  if (fix.prState !== 'open' || fix.branch === null)
    throw new AppError('invalid_state', `the pull request of this fix is ${fix.prState ?? 'not open'}`);
  const items =
    input.kind === 'review'
      ? review.comments.filter((c) => review.lastReview === null || c.receivedAt > review.lastReview)
      : review.checks.filter((c) => FAILED_CHECK_STATES.includes(c.state ?? ''));
  if (items.length === 0)
    throw new AppError(
      'invalid_state',
      input.kind === 'review'
        ? 'no review comments arrived since the last follow-up'
        : 'no check of the pull request’s newest commit failed',
    );
  return startFix(deps, {
    projectId: input.projectId,
    clusterId: fix.clusterId,
    userId: input.userId,
    agent: fix.agent as never,
    runner: fix.runner as never,
    followUp: {
      of: fix.id,
      repo: review.repo,
      branch: fix.branch,
      baseBranch: fix.baseBranch,
      task: { kind: input.kind, items: items.map(toItem) },
    },
  });
}
