import { maskSecret } from '../../lib/crypto.js';
import type { Source } from './source.js';
import { ingestPaths, sourceKinds } from './source-kinds.js';

export interface SourceView {
  id: string;
  kind: Source['kind'];
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** which secrets are set, masked; never the values */
  secrets: Record<string, string | null>;
  /** the URL to paste into the vendor, and how it authenticates */
  webhook: { url: string; auth: string };
  lastRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

const authHelp: Record<Source['kind'], string> = {
  sentry:
    'Sentry signs each delivery (Sentry-Hook-Signature) with the integration Client Secret stored here.',
  github: 'Add a webhook for "Issues" events with the webhook secret stored here (X-Hub-Signature-256).',
  splunk: 'Splunk cannot send headers: keep token=<your token> in the URL.',
  datadog:
    'Add a custom header X-Soulcaster-Token: <your token> to the Datadog webhook (or token= in the URL).',
  posthog: 'Add a header X-Soulcaster-Token: <your token> to the HTTP Webhook destination.',
  reddit:
    'Polled automatically; you may also push listing JSON with Authorization: Bearer <project API key>.',
  manual: 'Send Authorization: Bearer <project API key>, or submit from the dashboard.',
};

export function toSourceView(source: Source, publicUrl: string): SourceView {
  const secrets: Record<string, string | null> = {};
  for (const name of sourceKinds[source.kind].secrets) {
    const value = source.secrets[name];
    secrets[name] = value === undefined ? null : maskSecret(value);
  }
  const url = new URL(`${publicUrl}${ingestPaths[source.kind]}`);
  url.searchParams.set('project_id', source.projectId);
  let href = url.toString();
  if (source.kind === 'splunk') href += '&token=<your token>';
  return {
    id: source.id,
    kind: source.kind,
    name: source.name,
    enabled: source.enabled,
    config: source.config,
    secrets,
    webhook: { url: href, auth: authHelp[source.kind] },
    lastRunAt: source.lastRunAt,
    lastError: source.lastError,
    createdAt: source.createdAt,
  };
}
