import { createHash, randomBytes } from 'node:crypto';
import type { Pool, Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';

/** The name under which the result file is stored. */
const RESULT = 'result';

export interface ExchangeSession {
  /** `<base>/runner/exchange/<capability>`: files at `/files/<name>`, the result at `/result` */
  url: string;
  /** the result the task gave back, if it did */
  result(): Promise<Buffer | undefined>;
  /** forgets the session: its URL answers 404 from now on */
  close(): Promise<void>;
}

export interface RunnerExchange {
  open(opts: { baseUrl: string; files: Record<string, Buffer>; ttlMs: number }): Promise<ExchangeSession>;
}

/** bytea in its text form: the same parameter on PostgreSQL and PGlite (which takes parameters as text) */
const byteaText = (b: Buffer) => `\\x${b.toString('hex')}`;

const hash = (capability: string) => createHash('sha256').update(capability).digest('hex');

/**
 * A one-time capability URL per job, served by the Soulcaster server (any process: the rows live in the
 * database, so a worker can open a session that the web process serves). The URL is the only key: 256
 * random bits, stored hashed, good for one download of each file and one upload of the result, and only
 * until the job's time limit. It grants nothing the job does not already have: its own checkout, and
 * the right to hand back its own result.
 */
export function createRunnerExchange(deps: { db: Pool; clock: Clock }): RunnerExchange {
  return {
    async open({ baseUrl, files, ttlMs }) {
      const capability = randomBytes(32).toString('base64url');
      const key = hash(capability);
      const now = deps.clock.now();
      const expires = new Date(now.getTime() + ttlMs);
      await deps.db.query('delete from runner_exchange_files where expires_at < $1', [now]);
      for (const [name, content] of Object.entries(files))
        await deps.db.query(
          `insert into runner_exchange_files (capability_hash, direction, name, content, expires_at) values ($1, 'in', $2, $3::bytea, $4)`,
          [key, name, byteaText(content), expires],
        );
      await deps.db.query(
        `insert into runner_exchange_files (capability_hash, direction, name, expires_at) values ($1, 'out', $2, $3)`,
        [key, RESULT, expires],
      );
      return {
        url: `${baseUrl.replace(/\/+$/, '')}/runner/exchange/${capability}`,
        async result() {
          const { rows } = await deps.db.query<{ content: Buffer | null }>(
            `select content from runner_exchange_files where capability_hash = $1 and direction = 'out' and name = $2`,
            [key, RESULT],
          );
          return rows[0]?.content ?? undefined;
        },
        async close() {
          await deps.db.query('delete from runner_exchange_files where capability_hash = $1', [key]);
        },
      };
    },
  };
}

/** A file for the task, once; undefined for an unknown, used or expired capability or name. */
export async function takeExchangeFile(
  deps: { db: Queryable; clock: Clock },
  capability: string,
  name: string,
): Promise<Buffer | undefined> {
  const { rows } = await deps.db.query<{ content: Buffer }>(
    `update runner_exchange_files set used_at = $3
      where capability_hash = $1 and direction = 'in' and name = $2 and used_at is null and expires_at > $3
      returning content`,
    [hash(capability), name, deps.clock.now()],
  );
  return rows[0]?.content;
}

/** The task's result, accepted once; false for an unknown, used or expired capability. */
export async function putExchangeResult(
  deps: { db: Queryable; clock: Clock },
  capability: string,
  content: Buffer,
): Promise<boolean> {
  const { rowCount } = await deps.db.query(
    `update runner_exchange_files set content = $3::bytea, used_at = $4
      where capability_hash = $1 and direction = 'out' and name = $2 and used_at is null and expires_at > $4`,
    [hash(capability), RESULT, byteaText(content), deps.clock.now()],
  );
  return (rowCount ?? 0) > 0;
}
