import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createPostgresTestDatabase, pgvectorRequired } from '../helpers/test-database.js';

const serverUrl = inject('testDatabaseUrl');
const notConfigured =
  'skipped: no PostgreSQL server configured (set TEST_DATABASE_URL, e.g. eval "$(scripts/start-test-postgres.sh)"); ' +
  'the repository tests ran on PGlite only and the scaled-mode e2e did not run';

describe('the PostgreSQL server the repository tests run on', () => {
  it('is reachable and a supported major version (15 to 17)', async (ctx) => {
    if (serverUrl === '' && pgvectorRequired())
      throw new Error('CI runs the PostgreSQL tests: TEST_DATABASE_URL is not set (did the server start?)');
    if (serverUrl === '') {
      console.log(notConfigured);
      ctx.skip();
    }
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      const major = Math.floor(Number(rows[0]!.v) / 10_000);
      expect(major).toBeGreaterThanOrEqual(15);
      expect(major).toBeLessThanOrEqual(17);
    } finally {
      await client.end();
    }
  });

  it('has pgvector, so vector search runs on it (required in CI)', async (ctx) => {
    if (serverUrl === '') {
      console.log(notConfigured);
      ctx.skip();
    }
    // in CI the helper itself refuses a server without pgvector, which fails this test
    const db = await createPostgresTestDatabase(serverUrl);
    try {
      if (!db.hasVector && !pgvectorRequired()) {
        console.log(
          'skipped: this PostgreSQL server has no pgvector extension (outside CI; .ci/run builds it from source)',
        );
        ctx.skip();
      }
      const { rows } = await db.pool.query<{ v: string }>(
        `select extversion as v from pg_extension where extname = 'vector'`,
      );
      expect(rows[0]?.v).toMatch(/^\d+\.\d+/);
    } finally {
      await db.close();
    }
  });
});
