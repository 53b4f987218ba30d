import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';

export const githubIssue = z
  .object({
    id: z.number(),
    number: z.number(),
    title: z.string(),
    body: z.string().nullish(),
    html_url: z.string(),
    state: z.string().nullish(),
    user: z.object({ login: z.string() }).loose().nullish(),
    labels: z.array(z.union([z.string(), z.object({ name: z.string().nullish() }).loose()])).nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
    comments: z.number().nullish(),
    pull_request: z.unknown().optional(),
  })
  .loose();
export type GithubIssue = z.output<typeof githubIssue>;

export const isPullRequest = (issue: GithubIssue) =>
  issue.pull_request !== undefined && issue.pull_request !== null;

/** One GitHub issue (REST list item or webhook `issue`) as a feedback item, keyed by repo and number. */
export function githubIssueToItem(repo: string, issue: GithubIssue): NewFeedbackItem {
  const labels = (issue.labels ?? [])
    .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
    .filter(Boolean);
  return {
    source: 'github',
    externalId: `${repo.toLowerCase()}#${issue.number}`,
    title: truncate(issue.title, 1000),
    body: issue.body ?? '',
    url: httpUrl(issue.html_url),
    author: issue.user?.login,
    occurredAt: toDate(issue.created_at),
    metadata: {
      repo,
      number: issue.number,
      state: issue.state ?? null,
      labels,
      comments: issue.comments ?? 0,
      updatedAt: issue.updated_at ?? null,
    },
  };
}

const issuesEvent = z
  .object({
    action: z.string(),
    issue: githubIssue,
    repository: z.object({ full_name: z.string() }).loose(),
  })
  .loose();

/** The `issues` webhook: opened (and reopened) issues become feedback; other actions are acknowledged only. */
export function parseGithubIssuesEvent(body: unknown): { repo: string; items: NewFeedbackItem[] } {
  const event = parsePayload('GitHub issues event', issuesEvent, body);
  const repo = event.repository.full_name;
  if (!['opened', 'reopened'].includes(event.action) || isPullRequest(event.issue))
    return { repo, items: [] };
  return { repo, items: [githubIssueToItem(repo, event.issue)] };
}
