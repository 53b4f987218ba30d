import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../lib/logger.js';
import type { Pool } from './database.js';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

const REQUIRES = /^--\s*requires-extension:\s*(\w+)/m;
// Any constant works; it only has to be the same in every process so two migrators never interleave.
const LOCK_KEY = 727_274_001;

export interface MigrationResult {
  applied: string[];
  skipped: { name: string; reason: string }[];
}

/** One query on the common path (every start of an up-to-date database): is every file recorded? */
async function upToDate(pool: Pool, files: string[]): Promise<boolean> {
  try {
    const { rows } = await pool.query<{ n: number }>(
      'select count(*)::int as n from schema_migrations where name = any($1::text[])',
      [files],
    );
    return rows[0]?.n === files.length;
  } catch {
    return false; // a new database has no schema_migrations table yet
  }
}

/**
 * Applies plain SQL files in name order, each in its own transaction, recorded in schema_migrations.
 * A file that needs an extension the server lacks (pgvector on stock Debian PostgreSQL) is skipped with
 * a reason and retried on the next run, so installing the extension later completes the schema.
 */
export async function migrate(pool: Pool, logger?: Logger, dir = migrationsDir): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  if (await upToDate(pool, files)) return { applied: [], skipped: [] };
  const client = await pool.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
    );
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = await readFile(`${dir}/${name}`, 'utf8');
      const needs = REQUIRES.exec(sql)?.[1];
      if (needs !== undefined) {
        const available = await client.query('select 1 from pg_available_extensions where name = $1', [
          needs,
        ]);
        if (available.rowCount === 0) {
          const reason = `extension "${needs}" is not available on this PostgreSQL server`;
          logger?.warn({ migration: name }, `skipping migration: ${reason}`);
          result.skipped.push({ name, reason });
          continue;
        }
      }
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (name) values ($1)', [name]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
      }
      logger?.info({ migration: name }, 'applied migration');
      result.applied.push(name);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return result;
}

/**
 * Migration files not applied yet, leaving out those waiting for an extension the server does not have
 * (they are skipped on purpose; the server runs without that feature). Non-empty means this process's
 * code expects a schema the database does not have: an upgrade is half done.
 */
export async function pendingMigrations(pool: Pool, dir = migrationsDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const { rows } = await pool.query<{ name: string }>('select name from schema_migrations');
  const applied = new Set(rows.map((r) => r.name));
  const pending: string[] = [];
  for (const name of files.filter((f) => !applied.has(f))) {
    const needs = REQUIRES.exec(await readFile(`${dir}/${name}`, 'utf8'))?.[1];
    if (needs !== undefined) {
      const available = await pool.query('select 1 from pg_available_extensions where name = $1', [needs]);
      if (available.rowCount === 0) continue;
    }
    pending.push(name);
  }
  return pending;
}
