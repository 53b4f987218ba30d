import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

export interface TestDatabase extends Database {
  /** false on a PostgreSQL server without pgvector: vector tests skip there, saying why */
  hasVector: boolean;
}

/**
 * CI builds pgvector into its PostgreSQL, so there a server without it is a broken setup, not a reason to
 * skip; on a developer's machine the vector tests may skip (saying why).
 */
export function pgvectorRequired(): boolean {
  return process.env.CI === 'true' || process.env.SOULCASTER_TEST_REQUIRE_PGVECTOR === '1';
}

/** A private PGlite database for one test file, started from the migrated template. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const template = await readFile(inject('pgliteTemplate'));
  const db = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([template]) });
  return { ...db, hasVector: true };
}

/**
 * A private database on the PostgreSQL server named by TEST_DATABASE_URL: created fresh, migrated, and
 * dropped on close, so test files never see each other's rows.
 */
export async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `soulcaster_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolMax: 5 });
  const result = await migrate(db.pool);
  const testDb: TestDatabase = {
    ...db,
    hasVector: result.skipped.length === 0,
    async close() {
      await db.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
  if (!testDb.hasVector && pgvectorRequired()) {
    await testDb.close();
    throw new Error(
      `PostgreSQL at ${url.host} has no pgvector extension, which CI requires (.ci/run installs it)`,
    );
  }
  return testDb;
}

/** The engine this vitest project runs on: PGlite by default, PostgreSQL in the `postgres` project. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = inject('testDatabaseUrl');
  const onPostgres = url !== '' && process.env.SOULCASTER_TEST_ENGINE === 'postgres';
  return onPostgres ? createPostgresTestDatabase(url) : createPgliteTestDatabase();
}
