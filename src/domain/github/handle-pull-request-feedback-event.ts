import { z } from 'zod';
import type { Pool, Queryable } from '../../db/database.js';
import { upsertPullRequestFeedback } from './pull-request-feedback-repository.js';
import type { IngestResult } from '../ingestion/ingest-items.js';
import { parsePayload } from '../ingestion/vendors/parse-helpers.js';
import {
  checkRunEntry,
  githubCheckRun,
  githubReview,
  githubReviewComment,
  reviewCommentEntry,
  reviewEntry,
} from './pull-request-feedback-shapes.js';

const repository = z.object({ full_name: z.string() }).loose();
const pull = z.object({ number: z.number() }).loose();
const reviewEvent = z
  .object({ action: z.string(), review: githubReview, pull_request: pull, repository })
  .loose();
const commentEvent = z
  .object({ action: z.string(), comment: githubReviewComment, pull_request: pull, repository })
  .loose();
const checkRunEvent = z.object({ action: z.string(), check_run: githubCheckRun, repository }).loose();

/** Whether a Soulcaster fix opened this pull request. */
export async function isFixPullRequest(
  db: Queryable,
  projectId: string,
  repo: string,
  prNumber: number,
): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from agent_jobs where project_id = $1 and lower(repo) = lower($2) and pr_number = $3 limit 1`,
    [projectId, repo, prNumber],
  );
  return rows.length > 0;
}

/**
 * `pull_request_review`, `pull_request_review_comment` and `check_run` webhooks: what reviewers and checks
 * said about a fix's pull request is kept, for a person to send to the agent ("Address review", "Fix
 * failing checks"). Pull requests Soulcaster did not open are acknowledged and ignored.
 */
export async function handlePullRequestFeedbackEvent(
  db: Pool,
  projectId: string,
  event: string,
  body: unknown,
): Promise<IngestResult> {
  const ignored = (reason: string): IngestResult => ({ status: 'ignored', reason, items: [] });
  let repo: string;
  let numbers: number[];
  let entry: (pr: { repo: string; prNumber: number }) => Parameters<typeof upsertPullRequestFeedback>[2][0];
  if (event === 'pull_request_review') {
    const e = parsePayload('GitHub pull_request_review event', reviewEvent, body);
    if (e.review.state.toLowerCase() === 'pending') return ignored('a pending review is not submitted yet');
    repo = e.repository.full_name;
    numbers = [e.pull_request.number];
    entry = (pr) => reviewEntry(pr, e.review);
  } else if (event === 'pull_request_review_comment') {
    const e = parsePayload('GitHub pull_request_review_comment event', commentEvent, body);
    if (e.action === 'deleted') return ignored('a deleted comment is not kept');
    repo = e.repository.full_name;
    numbers = [e.pull_request.number];
    entry = (pr) => reviewCommentEntry(pr, e.comment);
  } else {
    const e = parsePayload('GitHub check_run event', checkRunEvent, body);
    repo = e.repository.full_name;
    numbers = (e.check_run.pull_requests ?? []).map((p) => p.number);
    entry = (pr) => checkRunEntry(pr, e.check_run);
  }
  let stored = 0;
  for (const prNumber of numbers) {
    if (!(await isFixPullRequest(db, projectId, repo, prNumber))) continue;
    stored++;
    await upsertPullRequestFeedback(db, projectId, [entry({ repo, prNumber })]);
  }
  return stored > 0
    ? { status: 'accepted', items: [] }
    : ignored('no Soulcaster fix opened this pull request');
}
