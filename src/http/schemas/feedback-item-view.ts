import { z } from 'zod';
import { feedbackSources } from '../../domain/feedback/feedback-item.js';

/** A feedback item as the API shows it (the feedback list and a cluster's items). */
export const feedbackItemView = z.object({
  id: z.string(),
  source: z.enum(feedbackSources),
  externalId: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  occurredAt: z.date().nullable(),
  receivedAt: z.date(),
  clusterId: z.string().nullable(),
  repo: z.string().nullable(),
});

/** One item with the payload it was parsed from. */
export const feedbackItemDetailView = feedbackItemView.extend({ raw: z.unknown() });

export const manualFeedbackResultView = z.object({ id: z.string(), duplicate: z.boolean() });
