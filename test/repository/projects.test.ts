import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { authenticateApiKey } from '../../src/domain/projects/authenticate-api-key.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { getProject } from '../../src/domain/projects/get-project.js';
import { hashToken } from '../../src/lib/crypto.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('projects', () => {
  it('creates a project whose API key is stored only as a hash', async () => {
    const created = await createProject(db.pool, { name: 'Web app', repo: 'octo-org/web-app' });
    expect(created.apiKey).toMatch(/^sc_[A-Za-z0-9_-]{40,}$/);
    const { rows } = await db.pool.query<{ key_hash: string; key_prefix: string }>(
      'select key_hash, key_prefix from api_keys where project_id = $1',
      [created.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).toBe(hashToken(created.apiKey));
    expect(rows[0]!.key_hash).not.toContain(created.apiKey);
    expect(await getProject(db.pool, created.id)).toMatchObject({
      name: 'Web app',
      repo: 'octo-org/web-app',
    });
  });

  it('authenticates the key to its project and rejects unknown or revoked keys', async () => {
    const a = await createProject(db.pool, { name: 'A' });
    const b = await createProject(db.pool, { name: 'B' });
    expect(await authenticateApiKey(db.pool, a.apiKey)).toEqual({
      projectId: a.id,
      keyId: expect.any(String),
    });
    expect(await authenticateApiKey(db.pool, b.apiKey)).toEqual({
      projectId: b.id,
      keyId: expect.any(String),
    });
    expect(await authenticateApiKey(db.pool, a.apiKey + 'x')).toBeUndefined();
    await db.pool.query('update api_keys set revoked_at = now() where project_id = $1', [a.id]);
    expect(await authenticateApiKey(db.pool, a.apiKey)).toBeUndefined();
  });

  it('rejects bad input with a validation error and stores nothing', async () => {
    const before = (await db.pool.query<{ n: string }>('select count(*) as n from projects')).rows[0]!.n;
    await expect(createProject(db.pool, { name: '  ' })).rejects.toBeInstanceOf(AppError);
    await expect(createProject(db.pool, { name: 'x', repo: 'not a repo' })).rejects.toThrow(/owner\/name/);
    const after = (await db.pool.query<{ n: string }>('select count(*) as n from projects')).rows[0]!.n;
    expect(after).toBe(before);
  });
});
