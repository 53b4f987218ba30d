import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.js';
import type { Source } from '../sources/source.js';
import type { SourceKind } from '../sources/source-kinds.js';

export interface DeliveryCredentials {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** `?token=` for vendors that cannot send headers (Splunk) */
  queryToken?: string;
}

const header = (h: DeliveryCredentials['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const hmacHex = (secret: string, body: Buffer) =>
  createHmac('sha256', secret).update(body).digest('hex');

/**
 * Finds the source whose secret authenticates this delivery: the vendor's signature where it signs
 * (Sentry-Hook-Signature, X-Hub-Signature-256), else the source's token (X-Soulcaster-Token or ?token=).
 * Returns undefined when nothing matches.
 */
export function matchSourceCredential(
  kind: SourceKind,
  sources: Source[],
  cred: DeliveryCredentials,
): Source | undefined {
  switch (kind) {
    case 'sentry': {
      const sig = header(cred.headers, 'sentry-hook-signature');
      if (!sig) return undefined;
      return sources.find(
        (s) =>
          s.secrets.clientSecret &&
          safeEqual(hmacHex(s.secrets.clientSecret, cred.rawBody), sig.toLowerCase()),
      );
    }
    case 'github': {
      const sig = header(cred.headers, 'x-hub-signature-256');
      if (!sig?.startsWith('sha256=')) return undefined;
      return sources.find(
        (s) =>
          s.secrets.webhookSecret &&
          safeEqual(`sha256=${hmacHex(s.secrets.webhookSecret, cred.rawBody)}`, sig.toLowerCase()),
      );
    }
    case 'splunk':
    case 'datadog':
    case 'posthog': {
      const token = header(cred.headers, 'x-soulcaster-token') ?? cred.queryToken;
      if (!token) return undefined;
      return sources.find((s) => s.secrets.token && safeEqual(s.secrets.token, token));
    }
    default:
      return undefined;
  }
}
