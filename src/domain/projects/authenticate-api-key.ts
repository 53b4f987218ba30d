import type { Queryable } from '../../db/database.js';
import { hashToken } from '../../lib/crypto.js';

/** Returns the project the key belongs to, or undefined for an unknown or revoked key. */
export async function authenticateApiKey(
  db: Queryable,
  apiKey: string,
): Promise<{ projectId: string; keyId: string } | undefined> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `update api_keys set last_used_at = now()
      where key_hash = $1 and revoked_at is null
      returning project_id, id`,
    [hashToken(apiKey)],
  );
  const row = rows[0];
  return row === undefined ? undefined : { projectId: row.project_id, keyId: row.id };
}
