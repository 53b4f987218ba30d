import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { AppError } from '../../errors.js';
import { handlePullRequestEvent } from '../../fixes/handle-pull-request-event.js';
import { repoName } from '../../repos/repo-name.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';
import { defineVendor, findSigner, header, hmacHex, type ParsedDelivery, type Vendor } from './vendor.js';

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

/**
 * One webhook URL receives every event the user ticked: `issues` become feedback, `pull_request` reports on
 * the PRs Soulcaster opened (fix lifecycle, not feedback), `ping` is GitHub checking the hook.
 */
function parseGithubDelivery(
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): ParsedDelivery {
  const event = header(headers, 'x-github-event');
  switch (event) {
    case 'ping':
      return { items: [] };
    case 'issues':
      return { items: parseGithubIssuesEvent(body).items, deliveryId: header(headers, 'x-github-delivery') };
    case 'pull_request':
      return {
        handle: ({ db, projectId, notifications }) =>
          handlePullRequestEvent(db, projectId, body, notifications),
      };
    default:
      throw new AppError(
        'bad_request',
        `GitHub event "${event ?? 'none'}" is not handled here; send the issues or pull_request event`,
      );
  }
}

const interval = (d: number) => z.number().int().min(1).max(1440).default(d);

/** GitHub issues: polled with a token, and pushed by a repository webhook signed with X-Hub-Signature-256. */
export const github: Vendor<'github'> = defineVendor({
  kind: 'github',
  label: 'GitHub issues',
  about: 'Polls issues of the repositories, and accepts the "Issues" webhook.',
  ingestPath: '/ingest/github/webhook',
  polled: true,
  config: z.object({
    repositories: z.array(repoName).min(1, 'add at least one repository').max(50),
    intervalMinutes: interval(15),
    labels: z.array(z.string().min(1)).max(20).default([]),
  }),
  fields: [
    {
      name: 'repositories',
      label: 'Repositories',
      type: 'list',
      required: true,
      hint: 'owner/name, one per line.',
    },
    {
      name: 'intervalMinutes',
      label: 'Poll every (minutes)',
      type: 'number',
      min: 1,
      max: 1440,
      default: 15,
      hint: 'How often new items are fetched.',
    },
    {
      name: 'labels',
      label: 'Labels filter',
      type: 'list',
      hint: 'Keep only issues with one of these labels.',
    },
  ],
  secrets: [
    {
      name: 'token',
      label: 'Access token',
      hint: 'A fine-grained token that can read issues.',
      generate: false,
    },
    {
      name: 'webhookSecret',
      label: 'Webhook secret',
      hint: "The secret you enter in GitHub's webhook form.",
      generate: true,
    },
  ],
  setup: {
    auth: 'Add a webhook for "Issues" events with the webhook secret stored here (X-Hub-Signature-256).',
    steps: [
      "Create a fine-grained token with read access to the repositories' issues and store it as the access token.",
      'In the repository, open Settings → Webhooks → Add webhook and paste the webhook URL below.',
      'Choose content type application/json, enter the webhook secret, and select the "Issues" and "Pull requests" events.',
    ],
  },
  authenticate: (sources, cred) => {
    const sig = header(cred.headers, 'x-hub-signature-256');
    if (!sig?.startsWith('sha256=')) return undefined;
    return findSigner(
      sources,
      'webhookSecret',
      sig,
      (secret) => `sha256=${hmacHex('sha256', secret, cred.rawBody)}`,
    );
  },
  parse: ({ body, headers }) => parseGithubDelivery(body, headers),
  filter: (config, item) => {
    const has = Array.isArray(item.metadata?.labels) ? (item.metadata.labels as string[]) : [];
    if (config.labels.length > 0 && !config.labels.some((l) => has.includes(l)))
      return `no label of ${config.labels.join(', ')}`;
    return undefined;
  },
});
