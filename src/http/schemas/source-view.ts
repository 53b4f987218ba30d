import { z } from 'zod';
import { sourceKindNames, vendorOf } from '../../domain/ingestion/vendors/registry.js';
import type { Source } from '../../domain/sources/source.js';
import { maskSecret } from '../../lib/crypto.js';

export const sourceView = z.object({
  id: z.string(),
  kind: z.enum(sourceKindNames),
  name: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  /** which secrets are set, masked; never the values */
  secrets: z.record(z.string(), z.string().nullable()),
  /** the URL to paste into the vendor, and how it authenticates */
  webhook: z.object({ url: z.string(), auth: z.string() }),
  lastRunAt: z.date().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
export type SourceView = z.output<typeof sourceView>;

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
    webhook: { url: url.toString() + (vendor.webhookUrlSuffix ?? ''), auth: vendor.setup.auth },
    lastRunAt: source.lastRunAt,
    lastError: source.lastError,
    createdAt: source.createdAt,
  };
}
