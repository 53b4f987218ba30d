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
  createdAt: Date;
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
    createdAt: source.createdAt,
  };
}
