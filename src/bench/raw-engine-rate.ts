import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { pgdataTemplateFile } from '../db/pgdata-template.js';
import { jobCatalog } from '../queue/catalog.js';
import { JobQueue } from '../queue/job-queue.js';
import { createSilentLogger } from '../lib/logger.js';

export interface RawEngineRate {
  engine: 'pglite' | 'postgres';
  /** transactions per second, each one feedback item insert and one job insert, one at a time */
  transactionsPerSecond: number;
  /** the same with `batch` items and their jobs per transaction: items per second */
  batchedItemsPerSecond: number;
  batch: number;
}

const ITEM_SQL = `insert into feedback_items (project_id, source, external_id, title, body, raw)
  values ($1, 'manual', $2, $3, 'Steps to reproduce: open the cart and press pay.', $4)`;
const JOB_SQL = `insert into pgboss.job (name, data) values ('cluster-feedback-items', $1)`;

interface Tx {
  query(text: string, values: unknown[]): Promise<unknown>;
}

async function rate(
  seconds: number,
  batch: number,
  transaction: (fn: (tx: Tx) => Promise<void>) => Promise<void>,
  projectId: string,
  tag: string,
) {
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  let items = 0;
  while (performance.now() < end) {
    await transaction(async (tx) => {
      for (let i = 0; i < batch; i++) {
        const n = items++;
        await tx.query(ITEM_SQL, [projectId, `${tag}-${n}`, `Checkout fails ${n % 97}`, '{"title":"x"}']);
        await tx.query(JOB_SQL, [JSON.stringify({ projectId, itemIds: [] })]);
      }
    });
  }
  return items / ((performance.now() - started) / 1000);
}

/**
 * What the engine itself sustains for the ingest path's writes, measured in a throwaway database of the
 * same kind (a new PGlite directory beside the benchmark's, or a new database on the PostgreSQL server),
 * with the real schema and queue tables: one item insert plus one job insert per transaction, straight
 * on the engine (PGlite's own API, or one node-postgres connection), no HTTP and no pool in between.
 */
export async function measureRawEngineRate(opts: {
  url?: string | undefined;
  seconds: number;
  batch?: number;
}): Promise<RawEngineRate> {
  const batch = opts.batch ?? 50;
  const prepare = async (db: Database) => {
    await migrate(db.pool);
    const queue = new JobQueue({ pool: db.pool, catalog: jobCatalog, logger: createSilentLogger() });
    await queue.start();
    await queue.stop({ timeoutMs: 1000 });
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into projects (name) values ('raw engine') returning id`,
    );
    return rows[0]!.id;
  };
  if (opts.url === undefined) {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-bench-raw-'));
    const db = await openDatabase({
      dataDir: dir,
      template: await pgdataTemplateFile(Object.keys(jobCatalog)),
    });
    try {
      const projectId = await prepare(db);
      const pglite = db.pglite!;
      const transaction = async (fn: (tx: Tx) => Promise<void>) =>
        void (await pglite.transaction(async (tx) => fn({ query: (t, v) => tx.query(t, v) })));
      return {
        engine: 'pglite',
        transactionsPerSecond: Math.round(await rate(opts.seconds, 1, transaction, projectId, 'one')),
        batchedItemsPerSecond: Math.round(await rate(opts.seconds, batch, transaction, projectId, 'many')),
        batch,
      };
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const name = `soulcaster_bench_raw_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: opts.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(opts.url);
    url.pathname = `/${name}`;
    const db = await openDatabase({ url: url.toString(), poolMax: 2 });
    let projectId: string;
    try {
      projectId = await prepare(db);
    } finally {
      await db.close();
    }
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const transaction = async (fn: (tx: Tx) => Promise<void>) => {
        await client.query('begin');
        await fn(client);
        await client.query('commit');
      };
      return {
        engine: 'postgres',
        transactionsPerSecond: Math.round(await rate(opts.seconds, 1, transaction, projectId, 'one')),
        batchedItemsPerSecond: Math.round(await rate(opts.seconds, batch, transaction, projectId, 'many')),
        batch,
      };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
