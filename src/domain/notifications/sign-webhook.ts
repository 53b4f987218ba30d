import { createHmac } from 'node:crypto';

/**
 * The signature of a generic webhook: HMAC-SHA256 with the channel's secret over `<timestamp>.<body>`,
 * hex, prefixed `sha256=` as GitHub writes X-Hub-Signature-256. The timestamp is signed too, so a
 * receiver that rejects old timestamps also rejects replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}
