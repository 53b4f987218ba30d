import { z } from 'zod';
import { sourceKindNames, vendorOf } from '../../domain/ingestion/vendors/registry.js';
import { deliveryOutcomes, type Source } from '../../domain/sources/source.js';
import { maskSecret } from '../../lib/crypto.js';

/** A vendor API's quota as the last poll saw it (kept in the source's cursor by the poller). */
const sourceQuota = z.object({
  remaining: z.number(),
  used: z.number().nullable(),
  resetAt: z.date(),
  observedAt: z.date(),
  mode: z.enum(['oauth', 'public']),
});
export type SourceQuota = z.output<typeof sourceQuota>;

export const sourceView = z.object({
  id: z.string(),
  kind: z.enum(sourceKindNames),
  name: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  /** which secrets are set, masked; never the values */
  secrets: z.record(z.string(), z.string().nullable()),
  /** the URL to paste into the vendor, and how it authenticates; null for vendors that do not push (Reddit) */
  webhook: z.object({ url: z.string(), auth: z.string() }).nullable(),
  lastRunAt: z.date().nullable(),
  lastError: z.string().nullable(),
  /** the newest delivery to the source's webhook and what became of it */
  lastDelivery: z
    .object({ at: z.date(), outcome: z.enum(deliveryOutcomes), detail: z.string().nullable() })
    .nullable(),
  /** the vendor API quota the last poll saw (Reddit's X-Ratelimit-* headers); null when none was reported */
  quota: sourceQuota.nullable(),
  createdAt: z.date(),
});
export type SourceView = z.output<typeof sourceView>;

/** GET …/sources: every source, and the base URL vendors are told to deliver to */
export const sourceListView = z.object({
  items: z.array(sourceView),
  publicUrl: z.object({
    url: z.string(),
    /** the address is loopback: no vendor outside this machine can reach it */
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

/** What a field mapping makes of the source's last delivery. */
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

function quotaOf(cursor: Record<string, unknown>): SourceQuota | null {
  const q = cursor.quota as Record<string, unknown> | undefined;
  if (q === undefined || typeof q.remaining !== 'number' || typeof q.resetAt !== 'string') return null;
  return {
    remaining: q.remaining,
    used: typeof q.used === 'number' ? q.used : null,
    resetAt: new Date(q.resetAt),
    observedAt: new Date(typeof q.observedAt === 'string' ? q.observedAt : q.resetAt),
    mode: q.mode === 'oauth' ? 'oauth' : 'public',
  };
}

export function toSourceView(source: Source, publicUrl: string): SourceView {
  const vendor = vendorOf(source.kind);
  const secrets: Record<string, string | null> = {};
  for (const { name } of vendor.secrets) {
    const value = source.secrets[name];
    secrets[name] = value === undefined ? null : maskSecret(value);
  }
  const url = new URL(`${publicUrl}${vendor.ingestPath}`);
  url.searchParams.set('project_id', source.projectId);
  return {
    id: source.id,
    kind: source.kind,
    name: source.name,
    enabled: source.enabled,
    config: source.config,
    secrets,
    // a vendor without its own authentication is only fetched (or pushed with the project API key)
    webhook:
      vendor.authenticate === undefined
        ? null
        : { url: url.toString() + (vendor.webhookUrlSuffix ?? ''), auth: vendor.setup.auth },
    lastRunAt: source.lastRunAt,
    lastError: source.lastError,
    lastDelivery: source.lastDelivery,
    quota: quotaOf(source.cursor),
    createdAt: source.createdAt,
  };
}
