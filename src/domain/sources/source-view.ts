import { maskSecret } from '../../lib/crypto.js';
import { vendorOf } from '../ingestion/vendors/registry.js';
import type { Source, SourceDelivery } from './source.js';

export interface SourceView {
  id: string;
  kind: Source['kind'];
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** which secrets are set, masked; never the values */
  secrets: Record<string, string | null>;
  /** the URL to paste into the vendor, and how it authenticates; null for vendors that do not push (Reddit) */
  webhook: { url: string; auth: string } | null;
  lastRunAt: Date | null;
  lastError: string | null;
  lastDelivery: SourceDelivery | null;
  quota: SourceQuota | null;
  createdAt: Date;
}

/** A vendor API's quota as the last poll saw it (kept in the source's cursor by the poller). */
export interface SourceQuota {
  remaining: number;
  used: number | null;
  resetAt: Date;
  observedAt: Date;
  mode: 'oauth' | 'public';
}

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
