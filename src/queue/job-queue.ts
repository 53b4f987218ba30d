import PgBoss from 'pg-boss';
import type { Config } from '../config/config.js';
import type { Pool, Queryable } from '../db/database.js';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../lib/logger.js';
import type { JobCatalog, JobHandlers, PayloadOf } from './define-job.js';

export interface SendOptions {
  /** at most one queued job with this key per queue (debounce) */
  singletonKey?: string;
  startAfterSeconds?: number;
  /** with singletonKey: at most one job per key in each window of this many seconds, plus one in the
   *  next window for changes that came after the first (pg-boss sendDebounced) */
  debounceSeconds?: number;
}

/** Per-job replacements of the catalog's retry policy, for policies that come from configuration. */
export interface JobPolicyOverride {
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
}

export interface JobQueueOptions<C extends JobCatalog> {
  pool: Pool;
  catalog: C;
  logger: Logger;
  pollingIntervalSeconds?: number;
}

/**
 * The durable queue: pg-boss in the same database, driven through our own pool so it works unchanged on
 * PGlite and on PostgreSQL. Sending validates the payload against the catalog; nothing invalid is queued.
 */
export class JobQueue<C extends JobCatalog> {
  private boss: PgBoss;
  private readonly pool: Pool;
  private readonly catalog: C;
  private readonly logger: Logger;
  private readonly pollingIntervalSeconds: number;
  private started = false;
  private working = false;
  /** this process's worker ids per queue, so a send can wake one instead of waiting for its next poll */
  private readonly workerIds = new Map<string, string[]>();
  private nextWorker = 0;

  constructor(opts: JobQueueOptions<C>) {
    this.catalog = opts.catalog;
    this.logger = opts.logger;
    this.pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 1;
    this.pool = opts.pool;
    this.boss = this.createBoss();
  }

  private createBoss(): PgBoss {
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => this.pool.query(text, values) },
      schema: 'pgboss',
      // Maintenance (expiring, archiving) runs in whichever process holds the queue; cheap either way.
      supervise: true,
      // A job whose worker died (kill -9, lost host) is retried once its expiry passes and maintenance
      // notices; every 30 s instead of pg-boss's 120 s, so recovery takes the job's timeout plus at most 30 s.
      maintenanceIntervalSeconds: 30,
      schedule: true,
    });
    boss.on('error', (err) => this.logger.error({ err }, 'job queue error'));
    return boss;
  }

  /** Creates the queue schema and one queue per catalog entry with its retry policy. */
  async start(): Promise<void> {
    if (this.started) return;
    // A PgBoss whose start failed stays "starting" forever, so a retry starts a fresh one.
    await retryOnRace(async () => {
      try {
        await this.boss.start();
      } catch (err) {
        this.boss = this.createBoss();
        throw err;
      }
    });
    // one read of every queue; only missing or changed policies are written (a restart usually writes none)
    const existing = new Map((await this.boss.getQueues()).map((q) => [q.name, q]));
    for (const [name, def] of Object.entries(this.catalog)) {
      const policy = {
        name,
        retryLimit: def.retryLimit,
        retryDelay: def.retryDelaySeconds,
        retryBackoff: def.retryBackoff,
        expireInSeconds: def.timeoutSeconds,
      };
      const q = existing.get(name);
      if (
        q === undefined ||
        q.retryLimit !== policy.retryLimit ||
        q.retryDelay !== policy.retryDelay ||
        q.retryBackoff !== policy.retryBackoff ||
        q.expireInSeconds !== policy.expireInSeconds
      )
        await retryOnRace(async () => {
          if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, policy);
          else await this.boss.createQueue(name, policy);
        });
    }
    this.started = true;
  }

  async send<N extends keyof C & string>(
    name: N,
    payload: PayloadOf<C, N>,
    opts: SendOptions = {},
  ): Promise<string | null> {
    const def = this.definition(name);
    const parsed = def.payload.safeParse(payload);
    if (!parsed.success) {
      throw new AppError('validation_failed', `invalid payload for job ${name}: ${parsed.error.message}`);
    }
    const options = {
      ...(opts.singletonKey !== undefined ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.startAfterSeconds !== undefined ? { startAfter: opts.startAfterSeconds } : {}),
    };
    const id =
      opts.debounceSeconds !== undefined && opts.singletonKey !== undefined
        ? await this.boss.sendDebounced(
            name,
            parsed.data as object,
            options,
            opts.debounceSeconds,
            opts.singletonKey,
          )
        : await this.boss.send(name, parsed.data as object, options);
    // A worker in this process picks the job up now rather than at its next poll (up to an interval later).
    const ids = this.workerIds.get(name);
    if (id !== null && opts.startAfterSeconds === undefined && ids !== undefined && ids.length > 0)
      this.boss.notifyWorker(ids[this.nextWorker++ % ids.length]!);
    return id;
  }

  /**
   * Queues jobs inside the caller's transaction (pg-boss `insert` with its `db` option), so they commit
   * or roll back with the rows they are about (the outbox pattern). Call wake() after the commit.
   */
  async sendWithin<N extends keyof C & string>(
    tx: Queryable,
    name: N,
    payloads: PayloadOf<C, N>[],
    policy: JobPolicyOverride = {},
  ): Promise<void> {
    if (payloads.length === 0) return;
    const def = this.definition(name);
    const overrides = {
      ...(policy.retryLimit !== undefined ? { retryLimit: policy.retryLimit } : {}),
      ...(policy.retryDelaySeconds !== undefined ? { retryDelay: policy.retryDelaySeconds } : {}),
      ...(policy.retryBackoff !== undefined ? { retryBackoff: policy.retryBackoff } : {}),
      ...(policy.expireInSeconds !== undefined ? { expireInSeconds: policy.expireInSeconds } : {}),
    };
    const jobs = payloads.map((payload) => {
      const parsed = def.payload.safeParse(payload);
      if (!parsed.success)
        throw new AppError('validation_failed', `invalid payload for job ${name}: ${parsed.error.message}`);
      return { name, data: parsed.data as object, ...overrides };
    });
    await this.boss.insert(jobs, { db: { executeSql: (text, values) => tx.query(text, values) } });
  }

  /** Lets a worker of this process pick up just-committed jobs now rather than at its next poll. */
  wake(name: keyof C & string): void {
    const ids = this.workerIds.get(name);
    if (ids !== undefined && ids.length > 0) this.boss.notifyWorker(ids[this.nextWorker++ % ids.length]!);
  }

  /** Registers the handler of every catalog entry; each handler is one call into the domain. */
  async work(handlers: JobHandlers<C>): Promise<void> {
    this.working = true;
    for (const name of Object.keys(this.catalog)) {
      const handler = handlers[name as keyof C];
      const def = this.definition(name);
      const concurrency = def.concurrency ?? 1;
      const ids: string[] = [];
      this.workerIds.set(name, ids);
      for (let i = 0; i < concurrency; i++) {
        let workerId = '';
        workerId = await this.boss.work(
          name,
          {
            pollingIntervalSeconds: Math.max(this.pollingIntervalSeconds, def.pollingIntervalSeconds ?? 0),
            batchSize: 1,
          },
          async (jobs) => {
            for (const job of jobs) {
              const payload = def.payload.parse(job.data);
              const started = performance.now();
              try {
                await handler(payload as never);
                this.logger.debug({ job: name, id: job.id, ms: performance.now() - started }, 'job done');
              } catch (err) {
                this.logger.warn({ job: name, id: job.id, err }, 'job failed');
                throw err;
              } finally {
                // pg-boss waits a full polling interval after every fetch, even a successful one, which
                // capped each worker at one job per interval; a worker that found work looks again at once.
                this.boss.notifyWorker(workerId);
              }
            }
          },
        );
        ids.push(workerId);
      }
    }
  }

  /** Schedules every catalog entry that has a cron. pg-boss keeps one schedule per queue; scheduling
   *  again replaces it, so a changed expression takes effect at the next start. */
  async scheduleCrons(config: Config): Promise<void> {
    for (const [name, def] of Object.entries(this.catalog)) {
      if (def.cron === undefined) continue;
      const cron = typeof def.cron === 'string' ? def.cron : def.cron(config);
      await this.boss.schedule(name, cron, def.payload.parse({}) as object);
    }
  }

  /** Counts for health and tests. */
  async countPending(name: keyof C & string): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  async getJob(name: keyof C & string, id: string) {
    return this.boss.getJobById(name, id);
  }

  /** Stops fetching new jobs and, when graceful, waits for running handlers up to timeoutMs. */
  async stop(opts: { timeoutMs: number }): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: this.working, wait: true, timeout: opts.timeoutMs, close: false });
    this.started = false;
  }

  private definition(name: string) {
    const def = this.catalog[name];
    if (def === undefined) throw new Error(`unknown job ${name}`);
    return def;
  }
}

/** deadlock_detected, unique_violation (a catalog row), duplicate_table, duplicate_object */
const RACE_CODES = new Set(['40P01', '23505', '42P07', '42710']);

/**
 * Processes starting together on an empty database race pg-boss's setup: its schema install can hit a
 * catalog unique violation although it holds an advisory lock, and the DDL that creates each queue's job
 * partition locks shared tables (the queue table, the job table it attaches to) in an order two processes
 * interleave into a deadlock. PostgreSQL aborts the loser; it tries again and finds the work done.
 */
async function retryOnRace(op: () => Promise<void>, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string' || !RACE_CODES.has(code) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 100 * attempt));
    }
  }
}
