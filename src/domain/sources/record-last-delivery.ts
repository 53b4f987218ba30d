import type { Queryable } from '../../db/database.js';
import { cleanJson } from '../../lib/clean-text.js';
import { saveLastDelivery } from './source-last-delivery-repository.js';
import type { Source } from './source.js';

/** Bodies up to this size are kept for the mapping preview; a larger one is recorded as too large. */
export const LAST_DELIVERY_MAX_BYTES = 64 * 1024;

const REDACTED = '[redacted]';

/** A copy of a parsed body in which every occurrence of one of the source's secrets is replaced. */
export function redactSecrets(value: unknown, secrets: string[], depth = 0): unknown {
  if (depth > 64) return null;
  if (typeof value === 'string') return secrets.reduce((s, secret) => s.split(secret).join(REDACTED), value);
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, secrets, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[redactSecrets(k, secrets) as string] = redactSecrets(v, secrets, depth + 1);
    return out;
  }
  return value;
}

/**
 * Keeps the delivery a source just received so its field mapping can be previewed on it. The source's own
 * secrets (a token a template echoes into the body) are replaced; headers and the query string, where
 * tokens travel, are never kept.
 */
export async function recordLastDelivery(
  db: Queryable,
  source: Source,
  delivery: { body: unknown; rawBytes: number; receivedAt: Date },
): Promise<void> {
  const secrets = Object.values(source.secrets).filter((s) => s.length >= 4);
  const tooLarge = delivery.rawBytes > LAST_DELIVERY_MAX_BYTES;
  await saveLastDelivery(db, {
    sourceId: source.id,
    // PostgreSQL refuses NUL and lone surrogates in jsonb: cleaned as stored reports are
    body: tooLarge ? null : cleanJson(redactSecrets(delivery.body, secrets)),
    bodyBytes: delivery.rawBytes,
    tooLarge,
    receivedAt: delivery.receivedAt,
  });
}
