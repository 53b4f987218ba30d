import { z } from 'zod';

/** Why the item is in this cluster: its decision, score, the threshold, nearest item and LLM verdict. */
export const clusteringDecisionView = z.object({
  kind: z.enum(['join', 'new-with-similar', 'pulled-in', 'single']),
  score: z.number().nullable(),
  threshold: z.number(),
  nearestItemId: z.string().nullable(),
  nearestSimilarity: z.number().nullable(),
  llmVerdict: z.boolean().nullable(),
  llmReason: z.string().nullable(),
  decidedAt: z.date(),
});
