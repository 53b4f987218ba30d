import { RedditTokenCache } from './domain/ingestion/pollers/reddit-token-cache.js';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from './config/config.js';
import { decodeKey } from './config/sections/server.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { jobCatalog, type AppJobCatalog } from './queue/catalog.js';
import { createJobHandlers } from './queue/handlers.js';
import { JobQueue } from './queue/job-queue.js';
import { systemClock, type Clock } from './lib/clock.js';
import { SecretBox } from './lib/crypto.js';
import { createRunnerExchange } from './domain/fixes/runner-exchange.js';
import { countFixesByStatus } from './domain/fixes/fix-repository.js';
import { localConfinement } from './domain/fixes/runners/local/local-runner.js';
import type { Logger } from './lib/logger.js';
import { preparePrivateDataDir, restrictToOwner } from './lib/private-files.js';
import type { Services } from './services.js';
import { createMetrics } from './observability/metrics.js';
import { ClusteringPipeline } from './domain/clustering/clustering-pipeline.js';
import { createEmbedder } from './domain/clustering/embedders/create-embedder.js';
import { PgvectorIndex } from './domain/clustering/pgvector-index.js';
import { UpstashVectorIndex } from './domain/clustering/upstash-vector-index.js';
import { RunningFixes } from './domain/fixes/running-fixes.js';
import { SHUTDOWN_REASON } from './domain/fixes/run-fix.js';
import { createRunner } from './domain/fixes/runners/create-runner.js';
import type { GeneratePlanDeps } from './domain/plans/generate-plan.js';
import { createNextSteps } from './queue/next-steps.js';
import { createLanguageModel } from './llm/create-language-model.js';
import { publicUrl } from './http/public-url.js';
import { pgdataTemplateFile } from './db/pgdata-template.js';
import { acquireDataDirLock, busyError, type DataDirLock } from './embedded/data-dir-lock.js';
import type { ClusteringOutbox } from './domain/feedback/import-feedback.js';
import { GroupCommitter } from './domain/ingestion/group-commit.js';
import {
  createNotificationRecorder,
  type DeliveryOutbox,
} from './domain/notifications/record-notifications.js';
import { IngestLookups } from './domain/ingestion/ingest-lookups.js';

/** clustering jobs carry at most this many item ids (a bigger import is split into several jobs) */
const ITEMS_PER_CLUSTERING_JOB = 200;

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** run job handlers in this process */
  workers: boolean;
  /** tests hand in a database they opened themselves */
  db?: Database;
  pollingIntervalSeconds?: number;
  /** register the every-minute cron jobs with the workers (default true); tests send those jobs themselves
   *  so a minute boundary cannot race the job under test */
  schedules?: boolean;
  /** the command opening the embedded data directory, named in its lock file (default `serve`) */
  command?: string;
}

export interface Runtime {
  services: Services;
  /** embedded mode: this process's hold on the data directory (released by close) */
  lock?: DataDirLock;
  /** stops the queue (draining running jobs) and closes the database */
  close(): Promise<void>;
}

/** Opens storage, applies migrations, starts the queue and (optionally) the workers. */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = opts;
  // a process that opens its own storage owns the data directory (tests hand in a database instead)
  if (opts.db === undefined)
    await preparePrivateDataDir(config.database.dataDir, { create: config.database.url === undefined });
  // Only one process may open an embedded data directory; tests hand in their own database.
  const lock =
    opts.db === undefined && config.database.url === undefined
      ? await acquireDataDirLock(config.database.dataDir, opts.command ?? 'serve').catch((err: unknown) => {
          throw busyError(err, opts.command ?? 'serve');
        })
      : undefined;
  let db: Database;
  try {
    db =
      opts.db ??
      (await openDatabase({
        url: config.database.url,
        dataDir: path.join(config.database.dataDir, 'pgdata'),
        poolMax: config.database.poolMax,
        sharedBuffers: config.database.pgliteSharedBuffers,
        template: await pgdataTemplateFile(Object.keys(jobCatalog)),
      }));
  } catch (err) {
    await lock?.release();
    throw err;
  }
  try {
    const migrations = await migrate(db.pool, logger);
    for (const s of migrations.skipped)
      logger.warn(`migration ${s.name} skipped: ${s.reason}; vector search is unavailable`);
    const secrets = new SecretBox(await resolveSecretKey(config, logger));
    const queue = new JobQueue({
      pool: db.pool,
      catalog: jobCatalog,
      logger,
      pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    });
    await queue.start();
    const services = createServices({ config, logger, db, queue, secrets, clock: opts.clock ?? systemClock });
    if (opts.workers) {
      // said at start, not only in each job's log: a local runner without its sandbox is a weaker boundary
      const confinement = await localConfinement(config.fixes.local).catch((err: unknown) => ({
        warning: String(err instanceof Error ? err.message : err),
      }));
      if (confinement.warning) logger.warn(`local runner: ${confinement.warning} (docs/SECURITY.md)`);
      await queue.work(createJobHandlers(services));
      if (opts.schedules ?? true) await queue.scheduleCrons(config);
      // picks up items embedded by a previous model (an embedder change needs a restart to take effect)
      await services.next.reembedMore();
    }
    return {
      services,
      ...(lock !== undefined ? { lock } : {}),
      async close() {
        // stop sandboxes first: each job then records why it ended before the queue drains
        services.runningFixes.abortAll(SHUTDOWN_REASON);
        await queue.stop({ timeoutMs: config.server.shutdownTimeoutMs });
        await db.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    await lock?.release();
    throw err;
  }
}

/** Builds every engine once, from config, and the bag that hands them to routes and job handlers. */
function createServices(base: {
  config: Config;
  logger: Logger;
  db: Database;
  queue: JobQueue<AppJobCatalog>;
  secrets: SecretBox;
  clock: Clock;
}): Services {
  const { config, logger, db, queue, secrets, clock } = base;
  const pool = db.pool;
  const next = createNextSteps(queue);
  const llm = createLanguageModel(config.llm);
  const fetch = globalThis.fetch;
  const plans: GeneratePlanDeps = {
    db: pool,
    llm,
    logger,
    // shallow snapshots are cached under the data directory
    repos: {
      cacheDir: path.join(config.database.dataDir, 'repos'),
      gitUrl: config.github.gitUrl,
      gitPath: config.fixes.local.path,
    },
  };
  const runningFixes = new RunningFixes();
  const clusteringOutbox: ClusteringOutbox = {
    enqueue: async (tx, projectId, itemIds) => {
      const jobs = [];
      for (let i = 0; i < itemIds.length; i += ITEMS_PER_CLUSTERING_JOB)
        jobs.push({ projectId, itemIds: itemIds.slice(i, i + ITEMS_PER_CLUSTERING_JOB) });
      await queue.sendWithin(tx, 'cluster-feedback-items', jobs);
    },
    committed: () => queue.wake('cluster-feedback-items'),
  };
  const notify = config.notifications;
  // Delivery jobs are inserted in the transaction of the event they report (the outbox), with the
  // configured retry policy; the handler itself stops after maxAttempts, the queue's limit is a margin
  // for attempts cut short before they were counted.
  const deliveryOutbox: DeliveryOutbox = {
    enqueue: (tx, jobs) =>
      queue.sendWithin(tx, 'deliver-notification', jobs, {
        retryLimit: notify.maxAttempts + 2,
        retryDelaySeconds: notify.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: notify.jobExpireSeconds,
      }),
  };
  const notificationBase = {
    outbox: deliveryOutbox,
    publicUrl: publicUrl(config),
    maxAttempts: notify.maxAttempts,
    clock,
  };
  const notifications = {
    recorder: createNotificationRecorder(notificationBase),
    deliver: { db: pool, secrets, fetch, clock, requestTimeoutMs: notify.requestTimeoutMs },
    sendTest: { ...notificationBase, db: pool },
  };
  // PGlite has one connection, so one transaction at a time; PostgreSQL's pool takes a few at once
  const ingest = new GroupCommitter({
    db: pool,
    clock,
    outbox: clusteringOutbox,
    logger,
    maxInFlight: db.engine === 'pglite' ? 1 : Math.max(1, Math.floor(config.database.poolMax / 2)),
    inRequestLane: (fn) => db.inRequestLane(fn),
  });
  return {
    ...base,
    llm,
    fetch,
    next,
    feedback: { db: pool, clock, clustering: next },
    clusteringOutbox,
    ingest,
    ingestLookups: new IngestLookups({ db: pool, secrets, clock, ttlMs: config.ingest.lookupCacheMs }),
    clustering: new ClusteringPipeline({
      db: pool,
      embedder: createEmbedder(config.embeddings),
      index:
        config.vectorIndex.upstash && config.vectorIndex.kind === 'upstash'
          ? new UpstashVectorIndex(config.vectorIndex.upstash)
          : new PgvectorIndex(pool),
      clock,
      logger,
      onClusterChanged: next.clusterChanged,
      notifications: notifications.recorder,
      borderline:
        llm && config.clustering.llmCheck !== 'off'
          ? { llm, band: config.clustering.llmBand, maxPerHour: config.clustering.llmMaxPerHour }
          : undefined,
    }),
    summaries: { db: pool, llm, logger },
    pollers: {
      db: pool,
      clock,
      commit: ingest.submit,
      logger,
      fetch,
      secrets,
      reddit: {
        ...config.ingest.reddit,
        tokens: new RedditTokenCache({
          fetch,
          clock,
          baseUrl: config.ingest.reddit.baseUrl,
          userAgent: config.ingest.reddit.userAgent,
        }),
      },
      github: { apiUrl: config.github.apiUrl },
    },
    plans,
    fixes: {
      db: pool,
      clock,
      logger,
      secrets,
      fixes: config.fixes,
      github: config.github,
      // built per fix from config, so a runner missing its settings fails that fix with a clear reason
      getRunner: (name) =>
        createRunner({ name, config, logger, exchange: createRunnerExchange({ db: pool, clock }) }),
      fetch,
      publicUrl: publicUrl(config),
      plans,
      running: runningFixes,
      enqueueRun: next.fixCreated,
      notifications: notifications.recorder,
    },
    runningFixes,
    metrics: createMetrics(pool, {
      queueNames: Object.keys(jobCatalog),
      countFixes: () => countFixesByStatus(pool, {}),
    }),
    notifications,
  };
}

/**
 * Embedded mode may generate its own key on first start (kept beside the data, mode 0600); scaled mode
 * must be given one, because every process has to decrypt what the others sealed.
 */
async function resolveSecretKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.server.secretKey !== undefined) return config.server.secretKey;
  if (config.database.url !== undefined) {
    throw new Error(
      'SOULCASTER_SECRET_KEY is required with DATABASE_URL (generate one: openssl rand -hex 32)',
    );
  }
  const file = path.join(config.database.dataDir, 'secret.key');
  try {
    const key = decodeKey((await readFile(file, 'utf8')).trim());
    if (key === undefined) throw new Error(`${file} does not hold a 32-byte key`);
    await restrictToOwner(file); // a key copied in by hand keeps the mode it was copied with
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.database.dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  logger.info({ file }, 'generated a new secret key for embedded mode');
  return key;
}
