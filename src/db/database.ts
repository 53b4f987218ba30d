import { mkdir } from 'node:fs/promises';
import { restrictToOwner } from '../lib/private-files.js';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';

import { PglitePool, pgliteTypeOptions } from './pglite-pool.js';
import type { Pool, PoolClient } from './pool.js';

export type { Pool, PoolClient };

/**
 * Everything talks to a node-postgres Pool. In embedded mode the pool's single connection is backed by
 * PGlite in-process; nothing above this module may know which engine it is.
 */
export interface Database {
  pool: Pool;
  engine: 'pglite' | 'postgres';
  /** the embedded engine itself, for dumping a data directory; absent on PostgreSQL */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url?: string | undefined;
  /** Embedded mode: a directory, or `memory://` for a throwaway database. */
  dataDir?: string;
  /** Embedded mode: start from a dumped data directory (tests use a migrated template). */
  loadDataDir?: Blob | File;
  poolMax?: number;
  /** embedded mode on disk: PGlite's shared_buffers (takes effect through one restart of the engine) */
  sharedBuffers?: string;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url !== undefined) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
    await pool.query('select 1');
    return { pool, engine: 'postgres', close: () => pool.end() };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const create = () =>
    PGlite.create(onDisk ? dataDir : undefined, {
      extensions: { vector },
      ...pgliteTypeOptions(),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  let pglite = await create();
  if (opts.sharedBuffers && onDisk) {
    const current = (await pglite.query<{ shared_buffers: string }>('show shared_buffers')).rows[0]
      ?.shared_buffers;
    if (current !== opts.sharedBuffers) {
      await pglite.exec(
        `alter system set shared_buffers = '${opts.sharedBuffers.replace(/[^0-9a-zA-Z]/g, '')}'`,
      );
      await pglite.close();
      pglite = await create();
    }
  }
  // PGlite writes a new cluster's files 0666 whatever the umask; the database is for this user only
  if (onDisk) await restrictToOwner(dataDir);
  const pool = new PglitePool(pglite);
  let closed = false;
  return {
    pool,
    engine: 'pglite',
    pglite,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await pglite.close();
    },
  };
}

/** Runs fn in a transaction on one client; rolls back on any throw. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Either a pool or a client inside a transaction: query helpers accept both. */
export type Queryable = Pick<Pool, 'query'>;
