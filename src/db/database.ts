import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
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
  /**
   * Runs fn with its queries ahead of background work. Embedded mode has one connection, so the HTTP
   * request path uses this; PostgreSQL has a pool of connections and runs fn as is.
   */
  inRequestLane<T>(fn: () => T): T;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url?: string | undefined;
  /** Embedded mode: a directory, or `memory://` for a throwaway database. */
  dataDir?: string;
  /** Embedded mode: start from a dumped data directory (tests use a migrated template). */
  loadDataDir?: Blob | File;
  poolMax?: number;
  /** Embedded mode on disk: a dump to start a new directory from (see pgdata-template.ts), if it exists */
  template?: string;
  /**
   * embedded mode on disk: PGlite's shared_buffers, a size (`256MB`) or `auto` (sized from the vector
   * indexes); a change takes effect through one restart of the engine while opening
   */
  sharedBuffers?: string;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url !== undefined) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
    await pool.query('select 1');
    return { pool, engine: 'postgres', inRequestLane: (fn) => fn(), close: () => pool.end() };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  let loadDataDir = opts.loadDataDir;
  if (!dataDir.startsWith('memory://')) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const fresh = await stat(path.join(dataDir, 'PG_VERSION')).then(
      () => false,
      () => true,
    );
    if (fresh && loadDataDir === undefined && opts.template !== undefined) {
      const dump = await readFile(opts.template).catch(() => undefined);
      if (dump !== undefined) loadDataDir = new Blob([dump]);
    }
  }
  const create = (load?: Blob) =>
    PGlite.create(dataDir.startsWith('memory://') ? undefined : dataDir, {
      extensions: { vector },
      ...pgliteTypeOptions(),
      ...(load ? { loadDataDir: load } : {}),
    });
  let pglite = await create(loadDataDir);
  if (loadDataDir !== undefined && !dataDir.startsWith('memory://')) {
    // unpacking a dump leaves its copy in the engine's memory for good; the files are on disk now, so a
    // fresh engine over them starts as small as a warm restart does
    await pglite.close();
    pglite = await create();
  }
  if (opts.sharedBuffers !== undefined && !dataDir.startsWith('memory://')) {
    const current = await sharedBufferBytes(pglite);
    const wanted =
      opts.sharedBuffers === 'auto' ? await autoSharedBufferBytes(pglite) : parseSize(opts.sharedBuffers);
    // auto: grow whenever the index outgrows the cache; shrink only when it is less than half used
    const restart =
      opts.sharedBuffers === 'auto' ? current < wanted || current > 2 * wanted : current !== wanted;
    if (restart) {
      await pglite.exec(`alter system set shared_buffers = '${Math.round(wanted / 1024)}kB'`);
      await pglite.close();
      pglite = await create();
    }
  }
  // PGlite writes a new cluster's files 0666 whatever the umask; the database is for this user only
  if (!dataDir.startsWith('memory://')) await restrictToOwner(dataDir);
  const pool = new PglitePool(pglite);
  let closed = false;
  return {
    pool,
    engine: 'pglite',
    pglite,
    inRequestLane: (fn) => pool.runInLane('request', fn),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await pglite.close();
    },
  };
}

const MB = 1024 * 1024;
/** where `auto` starts: enough for a small project's indexes, and what keeps a fresh server under 300 MB */
export const AUTO_SHARED_BUFFERS_MIN = 32 * MB;
const AUTO_MAX = 1024 * MB;

function parseSize(size: string): number {
  const m = /^(\d+)(kB|MB|GB)$/.exec(size);
  if (m === null) throw new Error(`not a size: ${size}`);
  return Number(m[1]) * { kB: 1024, MB, GB: 1024 * MB }[m[2] as 'kB' | 'MB' | 'GB'];
}

async function sharedBufferBytes(pglite: PGlite): Promise<number> {
  const { rows } = await pglite.query<{ bytes: string }>(
    `select (setting::bigint * 8192)::text as bytes from pg_settings where name = 'shared_buffers'`,
  );
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * The HNSW graph must stay in the buffer cache for searches to stay fast, and the cache is what makes the
 * process big: 32 MB until the vector indexes need more, then the next power of two above them (with a
 * quarter to spare), at most 1 GB.
 */
async function autoSharedBufferBytes(pglite: PGlite): Promise<number> {
  const { rows } = await pglite.query<{ bytes: string }>(
    `select coalesce(sum(pg_relation_size(c.oid)), 0)::text as bytes
       from pg_class c join pg_am a on a.oid = c.relam where a.amname = 'hnsw'`,
  );
  const need = Number(rows[0]?.bytes ?? 0) * 1.25;
  let size = AUTO_SHARED_BUFFERS_MIN;
  while (size < need && size < AUTO_MAX) size *= 2;
  return size;
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
