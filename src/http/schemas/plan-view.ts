import { z } from 'zod';

export const planView = z.object({
  id: z.string(),
  clusterId: z.string(),
  summary: z.string(),
  files: z.array(z.object({ path: z.string(), reason: z.string() })),
  tasks: z.array(z.object({ title: z.string(), detail: z.string() })),
  kind: z.enum(['heuristic', 'llm', 'edited']),
  model: z.string().nullable(),
  repo: z.string().nullable(),
  commitSha: z.string().nullable(),
  /** how the cluster changed since the plan was written; null once regenerated or edited */
  staleReason: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
