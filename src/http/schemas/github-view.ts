import { z } from 'zod';

export const clusterIssueView = z.object({
  clusterId: z.string(),
  repo: z.string(),
  number: z.number(),
  url: z.string(),
  state: z.enum(['open', 'closed']),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const pullRequestFeedbackView = z.object({
  id: z.string(),
  kind: z.enum(['review', 'review_comment', 'check']),
  author: z.string().nullable(),
  state: z.string().nullable(),
  body: z.string(),
  path: z.string().nullable(),
  line: z.number().nullable(),
  url: z.string().nullable(),
  commitSha: z.string().nullable(),
  createdAt: z.date().nullable(),
  receivedAt: z.date(),
});

export const pullRequestReviewView = z.object({
  repo: z.string(),
  prNumber: z.number(),
  prState: z.enum(['open', 'closed', 'merged']).nullable(),
  comments: z.array(pullRequestFeedbackView),
  checks: z.array(pullRequestFeedbackView),
  toAddress: z.number(),
  failingChecks: z.number(),
});
