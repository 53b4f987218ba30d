import type { Queryable } from '../../db/database.js';
import { findActiveApiKey, touchApiKey } from './api-key-repository.js';
import { hashToken } from '../../lib/crypto.js';

/**
 * Returns the project the key belongs to, or undefined for an unknown or revoked key. Ingest calls this
 * on every delivery, so the key's last use is written only when the recorded one is a minute old: one
 * read per request, and at most one write per key per minute.
 */
export async function authenticateApiKey(
  db: Queryable,
  apiKey: string,
): Promise<{ projectId: string; keyId: string } | undefined> {
  const row = await findActiveApiKey(db, { keyHash: hashToken(apiKey) });
  if (row === undefined) return undefined;
  if (!row.fresh) await touchApiKey(db, { keyId: row.id });
  return { projectId: row.project_id, keyId: row.id };
}
