import type { Queryable } from '../../db/database.js';

/**
 * The owner of `api_keys`: every statement on it. Each function takes the pool or the transaction's
 * client first, then one options object.
 */
export interface ApiKeyRow {
  id: string;
  project_id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

interface OneKey {
  projectId: string;
  keyId: string;
}

const columns = 'id, project_id, name, key_prefix, created_at, last_used_at, rotated_at, revoked_at';

/** last_used_at is written at most once per this many seconds per key, so ingest adds no write per request */
export const LAST_USED_RESOLUTION_SECONDS = 60;

export async function insertApiKey(
  db: Queryable,
  o: { projectId: string; name: string; keyHash: string; keyPrefix: string },
): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `insert into api_keys (project_id, name, key_hash, key_prefix) values ($1, $2, $3, $4) returning ${columns}`,
    [o.projectId, o.name, o.keyHash, o.keyPrefix],
  );
  return rows[0]!;
}

export async function listApiKeyRows(db: Queryable, o: { projectId: string }): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `select ${columns} from api_keys where project_id = $1 order by revoked_at is not null, created_at, name`,
    [o.projectId],
  );
  return rows;
}

/** The active key with this hash, and whether its last use was recorded recently enough to skip a write. */
export async function findActiveApiKey(
  db: Queryable,
  o: { keyHash: string },
): Promise<{ id: string; project_id: string; fresh: boolean } | undefined> {
  const { rows } = await db.query<{ id: string; project_id: string; fresh: boolean }>(
    `select id, project_id,
            coalesce(last_used_at > now() - make_interval(secs => $2), false) as fresh
       from api_keys where key_hash = $1 and revoked_at is null`,
    [o.keyHash, LAST_USED_RESOLUTION_SECONDS],
  );
  return rows[0];
}

/** Conditional, so processes racing on the same key write at most once per resolution between them. */
export async function touchApiKey(db: Queryable, o: { keyId: string }): Promise<void> {
  await db.query(
    `update api_keys set last_used_at = now()
      where id = $1 and (last_used_at is null or last_used_at <= now() - make_interval(secs => $2))`,
    [o.keyId, LAST_USED_RESOLUTION_SECONDS],
  );
}

/** Replaces an active key's secret in place (same id and name); the old secret stops working at once. */
export async function rotateApiKeyRow(
  db: Queryable,
  o: OneKey & { keyHash: string; keyPrefix: string },
): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `update api_keys set key_hash = $3, key_prefix = $4, rotated_at = now(), last_used_at = null
      where project_id = $1 and id = $2 and revoked_at is null returning ${columns}`,
    [o.projectId, o.keyId, o.keyHash, o.keyPrefix],
  );
  return rows[0];
}

export async function revokeApiKeyRow(db: Queryable, o: OneKey): Promise<ApiKeyRow | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `update api_keys set revoked_at = coalesce(revoked_at, now()) where project_id = $1 and id = $2 returning ${columns}`,
    [o.projectId, o.keyId],
  );
  return rows[0];
}
