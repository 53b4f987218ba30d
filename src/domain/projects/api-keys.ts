import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import {
  insertApiKey,
  listApiKeyRows,
  revokeApiKeyRow,
  rotateApiKeyRow,
  type ApiKeyRow,
} from './api-key-repository.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError, notFound } from '../errors.js';
import { validate } from '../validate.js';

export const apiKeyInput = z.object({ name: z.string().trim().min(1).max(100) });

export interface ApiKey {
  id: string;
  name: string;
  /** the first characters of the key, to recognise it */
  prefix: string;
  createdAt: Date;
  /** recorded at most once a minute */
  lastUsedAt: Date | null;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface IssuedApiKey {
  apiKey: ApiKey;
  /** the secret itself: shown once, only its hash is stored */
  key: string;
}

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.key_prefix,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  rotatedAt: r.rotated_at,
  revokedAt: r.revoked_at,
});

const newSecret = () => {
  const key = randomToken('sc');
  return { key, keyHash: hashToken(key), keyPrefix: key.slice(0, 7) };
};

export async function createApiKey(
  db: Queryable,
  projectId: string,
  input: z.input<typeof apiKeyInput>,
): Promise<IssuedApiKey> {
  const { name } = validate(apiKeyInput, input, 'API key');
  const secret = newSecret();
  try {
    const row = await insertApiKey(db, {
      projectId,
      name,
      keyHash: secret.keyHash,
      keyPrefix: secret.keyPrefix,
    });
    return { apiKey: toApiKey(row), key: secret.key };
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', `an active API key named "${name}" already exists in this project`);
    throw err;
  }
}

export async function listApiKeys(db: Queryable, projectId: string): Promise<ApiKey[]> {
  return (await listApiKeyRows(db, { projectId })).map(toApiKey);
}

/** A new secret for the same named key; whatever used the old one must be given the new one. */
export async function rotateApiKey(db: Queryable, projectId: string, keyId: string): Promise<IssuedApiKey> {
  const secret = newSecret();
  const row = await rotateApiKeyRow(db, { projectId, keyId, ...secret });
  if (row === undefined) throw notFound('active API key');
  return { apiKey: toApiKey(row), key: secret.key };
}

export async function revokeApiKey(db: Queryable, projectId: string, keyId: string): Promise<ApiKey> {
  const row = await revokeApiKeyRow(db, { projectId, keyId });
  if (row === undefined) throw notFound('API key');
  return toApiKey(row);
}
