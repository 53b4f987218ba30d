import type { Queryable } from '../../db/database.js';

export type PullRequestFeedbackKind = 'review' | 'review_comment' | 'check';

/** A review, a review comment or a check run reported on a fix's pull request. */
export interface PullRequestFeedback {
  id: string;
  repo: string;
  prNumber: number;
  kind: PullRequestFeedbackKind;
  externalId: string;
  author: string | null;
  /** reviews: approved | changes_requested | commented …; checks: the conclusion (failure …) or status */
  state: string | null;
  body: string;
  path: string | null;
  line: number | null;
  url: string | null;
  commitSha: string | null;
  createdAt: Date | null;
  receivedAt: Date;
}

export type NewPullRequestFeedback = Omit<PullRequestFeedback, 'id' | 'receivedAt'>;

interface Row {
  id: string;
  repo: string;
  pr_number: number;
  kind: PullRequestFeedbackKind;
  external_id: string;
  author: string | null;
  state: string | null;
  body: string;
  path: string | null;
  line: number | null;
  url: string | null;
  commit_sha: string | null;
  created_at: Date | null;
  received_at: Date;
}

const toFeedback = (r: Row): PullRequestFeedback => ({
  id: r.id,
  repo: r.repo,
  prNumber: r.pr_number,
  kind: r.kind,
  externalId: r.external_id,
  author: r.author,
  state: r.state,
  body: r.body,
  path: r.path,
  line: r.line,
  url: r.url,
  commitSha: r.commit_sha,
  createdAt: r.created_at,
  receivedAt: r.received_at,
});

/**
 * Stores what GitHub reported (webhook or poll), keyed by its GitHub id: a redelivery or a later poll
 * updates the same row (an edited comment, a check that finished). Returns how many rows were new or
 * changed.
 */
export async function upsertPullRequestFeedback(
  db: Queryable,
  projectId: string,
  entries: NewPullRequestFeedback[],
): Promise<number> {
  let changed = 0;
  for (const e of entries) {
    const { rowCount } = await db.query(
      `insert into pull_request_feedback
         (project_id, repo, pr_number, kind, external_id, author, state, body, path, line, url, commit_sha, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (project_id, kind, external_id) do update
         set state = excluded.state, body = excluded.body, path = excluded.path, line = excluded.line,
             url = excluded.url, commit_sha = excluded.commit_sha
         where (pull_request_feedback.state, pull_request_feedback.body, pull_request_feedback.commit_sha)
               is distinct from (excluded.state, excluded.body, excluded.commit_sha)`,
      [
        projectId,
        e.repo,
        e.prNumber,
        e.kind,
        e.externalId,
        e.author,
        e.state,
        e.body,
        e.path,
        e.line,
        e.url,
        e.commitSha,
        e.createdAt,
      ],
    );
    changed += rowCount ?? 0;
  }
  return changed;
}

/** Everything reported on one pull request, oldest first. */
export async function listPullRequestFeedback(
  db: Queryable,
  projectId: string,
  repo: string,
  prNumber: number,
): Promise<PullRequestFeedback[]> {
  const { rows } = await db.query<Row>(
    `select * from pull_request_feedback where project_id = $1 and lower(repo) = lower($2) and pr_number = $3
      order by coalesce(created_at, received_at), external_id`,
    [projectId, repo, prNumber],
  );
  return rows.map(toFeedback);
}
