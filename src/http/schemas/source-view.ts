import { z } from 'zod';
import { sourceKindNames } from '../../domain/ingestion/vendors/registry.js';
import { deliveryOutcomes } from '../../domain/sources/source.js';

/** A configured source: its settings, which secrets are set (masked), and where its vendor delivers. */
export const sourceView = z.object({
  id: z.string(),
  kind: z.enum(sourceKindNames),
  name: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string().nullable()),
  webhook: z.object({ url: z.string(), auth: z.string() }).nullable(),
  lastRunAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastDelivery: z
    .object({ at: z.date(), outcome: z.enum(deliveryOutcomes), detail: z.string().nullable() })
    .nullable(),
  /** the vendor API quota the last poll saw (Reddit's X-Ratelimit-* headers); null when none was reported */
  quota: z
    .object({
      remaining: z.number(),
      used: z.number().nullable(),
      resetAt: z.date(),
      observedAt: z.date(),
      mode: z.enum(['oauth', 'public']),
    })
    .nullable(),
  createdAt: z.date(),
});

/** GET …/sources: every source, and the base URL vendors are told to deliver to */
export const sourceListView = z.object({
  items: z.array(sourceView),
  publicUrl: z.object({
    url: z.string(),
    /** PUBLIC_URL is unset and the address is loopback: no vendor outside this machine can reach it */
    loopback: z.boolean(),
    configured: z.boolean(),
  }),
});

/** POST …/sources/:sourceId/secrets/:secret/reveal */
export const revealedSecretView = z.object({ name: z.string(), value: z.string() });

const mappingPaths = z.object({
  title: z.string(),
  body: z.string().optional(),
  url: z.string().optional(),
  externalId: z.string().optional(),
  level: z.string().optional(),
});
/** POST …/sources/:sourceId/mapping-preview: what a field mapping makes of the last delivery */
export const mappingPreviewView = z.object({
  delivery: z
    .object({ receivedAt: z.date(), body: z.unknown(), bodyBytes: z.number(), tooLarge: z.boolean() })
    .nullable(),
  mapping: mappingPaths,
  values: z.object({
    title: z.string().optional(),
    body: z.string().optional(),
    url: z.string().optional(),
    externalId: z.string().optional(),
    level: z.string().optional(),
  }),
  missing: z.array(z.string()),
});
