import { z } from 'zod';
import { clusterStatuses } from '../../domain/clustering/cluster.js';
import { clusterView } from './cluster-view.js';
import { fixStatuses } from '../../domain/fixes/fix.js';

const counts = <K extends string>(keys: readonly [K, ...K[]]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const statsView = z.object({
  days: z.number(),
  clustersByStatus: counts(clusterStatuses),
  feedbackBySource: z.array(z.object({ day: z.string(), source: z.string(), count: z.number() })),
  jobsByStatus: counts(fixStatuses),
  prs: z.object({ open: z.number(), merged: z.number(), closed: z.number() }),
  highlights: z.object({ newThisWeek: z.array(clusterView), growingFastest: z.array(clusterView) }),
});
