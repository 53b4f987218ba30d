import { z } from 'zod';
import type { NewPullRequestFeedback } from './pull-request-feedback-repository.js';

const user = z.object({ login: z.string() }).loose().nullish();

/** A pull request review (REST list item, or the webhook's `review`). */
export const githubReview = z
  .object({
    id: z.number(),
    user,
    body: z.string().nullish(),
    state: z.string(),
    html_url: z.string().nullish(),
    submitted_at: z.string().nullish(),
    commit_id: z.string().nullish(),
  })
  .loose();

/** A review comment on a line of the diff (REST list item, or the webhook's `comment`). */
export const githubReviewComment = z
  .object({
    id: z.number(),
    user,
    body: z.string(),
    path: z.string().nullish(),
    line: z.number().nullish(),
    original_line: z.number().nullish(),
    html_url: z.string().nullish(),
    created_at: z.string().nullish(),
    commit_id: z.string().nullish(),
  })
  .loose();

/** A check run (the REST list's `check_runs[]`, or the webhook's `check_run`). */
export const githubCheckRun = z
  .object({
    id: z.number(),
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: z.string().nullish(),
    html_url: z.string().nullish(),
    details_url: z.string().nullish(),
    started_at: z.string().nullish(),
    completed_at: z.string().nullish(),
    output: z
      .object({ title: z.string().nullish(), summary: z.string().nullish(), text: z.string().nullish() })
      .loose()
      .nullish(),
    pull_requests: z.array(z.object({ number: z.number() }).loose()).nullish(),
  })
  .loose();

/** One status of the combined status (GET /repos/{owner}/{repo}/commits/{ref}/status `statuses[]`). */
export const githubCommitStatus = z
  .object({
    id: z.number(),
    context: z.string(),
    state: z.string(),
    description: z.string().nullish(),
    target_url: z.string().nullish(),
    created_at: z.string().nullish(),
  })
  .loose();

/** Conclusions and states that mean a check failed. */
export const FAILED_CHECK_STATES = ['failure', 'timed_out', 'cancelled', 'action_required', 'error'];

const when = (s: string | null | undefined) => (s ? new Date(s) : null);
type Pr = { repo: string; prNumber: number };

export const reviewEntry = (pr: Pr, r: z.output<typeof githubReview>): NewPullRequestFeedback => ({
  ...pr,
  kind: 'review',
  externalId: String(r.id),
  author: r.user?.login ?? null,
  state: r.state.toLowerCase(),
  body: r.body ?? '',
  path: null,
  line: null,
  url: r.html_url ?? null,
  commitSha: r.commit_id ?? null,
  createdAt: when(r.submitted_at),
});

export const reviewCommentEntry = (
  pr: Pr,
  c: z.output<typeof githubReviewComment>,
): NewPullRequestFeedback => ({
  ...pr,
  kind: 'review_comment',
  externalId: String(c.id),
  author: c.user?.login ?? null,
  state: null,
  body: c.body,
  path: c.path ?? null,
  line: c.line ?? c.original_line ?? null,
  url: c.html_url ?? null,
  commitSha: c.commit_id ?? null,
  createdAt: when(c.created_at),
});

export const checkRunEntry = (pr: Pr, c: z.output<typeof githubCheckRun>): NewPullRequestFeedback => ({
  ...pr,
  kind: 'check',
  externalId: `run:${c.id}`,
  author: null,
  state: c.conclusion ?? c.status,
  body: [c.name, c.output?.title, c.output?.summary, c.output?.text]
    .filter((s): s is string => !!s)
    .join('\n\n')
    .slice(0, 20_000),
  path: null,
  line: null,
  url: c.html_url ?? c.details_url ?? null,
  commitSha: c.head_sha,
  createdAt: when(c.completed_at ?? c.started_at),
});

export const commitStatusEntry = (
  pr: Pr,
  sha: string,
  s: z.output<typeof githubCommitStatus>,
): NewPullRequestFeedback => ({
  ...pr,
  kind: 'check',
  // a context's newest status replaces its older ones on the same commit
  externalId: `status:${sha}:${s.context}`,
  author: null,
  state: s.state,
  body: [s.context, s.description].filter((x): x is string => !!x).join('\n\n'),
  path: null,
  line: null,
  url: s.target_url ?? null,
  commitSha: sha,
  createdAt: when(s.created_at),
});
