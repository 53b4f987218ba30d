import { z } from 'zod';
import { sourceKindNames } from '../../domain/ingestion/vendors/registry.js';

/** A configured source: its settings, which secrets are set (masked), and where its vendor delivers. */
export const sourceView = z.object({
  id: z.string(),
  kind: z.enum(sourceKindNames),
  name: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string().nullable()),
  webhook: z.object({ url: z.string(), auth: z.string() }),
  lastRunAt: z.date().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
