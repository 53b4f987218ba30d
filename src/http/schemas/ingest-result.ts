import { z } from 'zod';

/** What an ingest endpoint answers: 202 when something new was stored, 200 for duplicates and ignored. */
export const ingestResultView = z.object({
  status: z.enum(['accepted', 'duplicate', 'ignored']),
  reason: z.string().optional(),
  items: z.array(z.object({ id: z.string(), externalId: z.string(), duplicate: z.boolean() })),
});

/** What an on-demand sync of one repository's issues did. */
export const githubSyncView = z.object({
  repo: z.string(),
  fetched: z.number(),
  stored: z.number(),
  skippedPullRequests: z.number(),
});
