import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Results } from '@electric-sql/pglite';
import pg from 'pg';
// prepareValue is how node-postgres turns JS values into query parameters; using it here makes a
// parameter mean exactly the same thing on both engines.
// @ts-expect-error -- pg ships no types for its utils module
import pgUtils from 'pg/lib/utils.js';

import type { Pool, PoolClient } from './pool.js';

const prepareValue = (pgUtils as { prepareValue: (v: unknown) => unknown }).prepareValue;

/** node-postgres' text parsers for every built-in type OID it knows, so rows look the same on both engines. */
function pgParsers(): Record<number, (value: string) => unknown> {
  const getParser = pg.types.getTypeParser as (oid: number, format: 'text') => unknown;
  const noParse = getParser(999_999, 'text');
  const parsers: Record<number, (value: string) => unknown> = {};
  for (let oid = 1; oid < 6000; oid++) {
    const parse = getParser(oid, 'text');
    parsers[oid] = parse === noParse ? (v: string) => v : (parse as (v: string) => unknown);
  }
  return parsers;
}

/** Parameters arrive already serialized by prepareValue; PGlite must pass the text through untouched. */
function passThroughSerializers(): Record<number, (value: unknown) => string> {
  const serializers: Record<number, (value: unknown) => string> = {};
  for (let oid = 1; oid < 6000; oid++) serializers[oid] = (v) => (typeof v === 'string' ? v : String(v));
  return serializers;
}

export const pgliteTypeOptions = () => ({ parsers: pgParsers(), serializers: passThroughSerializers() });

function toQueryResult<R extends pg.QueryResultRow>(result: Results<R> | undefined): pg.QueryResult<R> {
  const rows = result?.rows ?? [];
  return {
    rows,
    rowCount: Math.max(result?.affectedRows ?? 0, rows.length),
    command: '',
    oid: 0,
    fields: (result?.fields ?? []).map((f) => ({
      name: f.name,
      dataTypeID: f.dataTypeID,
      tableID: 0,
      columnID: 0,
      dataTypeSize: 0,
      dataTypeModifier: 0,
      format: 'text',
    })),
  };
}

async function run<R extends pg.QueryResultRow>(
  db: PGlite,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  if (values === undefined || values.length === 0) {
    // The simple protocol allows several statements in one string (pg-boss relies on it), as pg does.
    const results = await db.exec(text);
    return toQueryResult(results.at(-1) as Results<R> | undefined);
  }
  return toQueryResult(
    await db.query<R>(
      text,
      values.map((v) => prepareValue(v)),
    ),
  );
}

/** Which queue a query waits in for PGlite's single connection. */
export type Lane = 'request' | 'background';

/** request-lane grants in a row while background work waits, before one background turn */
const REQUEST_STREAK = 16;

/**
 * A Pool over PGlite's own query API. PGlite is a single connection, so the pool is a mutex: a checked-out
 * client holds it until release, and pool.query waits its turn. (PGlite's node-postgres adapter loses
 * protocol sync after any SQL error, which is why this exists.)
 *
 * Waiters queue in two lanes. Work started inside runInLane('request', …) (the HTTP request path) goes
 * before background work (job workers, the queue's polling), so a request waits for at most the one
 * statement or transaction in flight, not for a backlog of clustering. Background work still gets one turn
 * after every REQUEST_STREAK request grants, so a sustained blast cannot starve it.
 */
export class PglitePool implements Pool {
  private busy = false;
  private readonly waiting: Record<Lane, (() => void)[]> = { request: [], background: [] };
  private streak = 0;
  private readonly lane = new AsyncLocalStorage<Lane>();
  private ended = false;

  constructor(private readonly db: PGlite) {}

  /** Runs fn (and everything it starts) in the given lane. */
  runInLane<T>(lane: Lane, fn: () => T): T {
    return this.lane.run(lane, fn);
  }

  private acquire(): Promise<() => void> {
    const release = () => this.grantNext();
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(release);
    }
    const lane = this.lane.getStore() ?? 'background';
    return new Promise((resolve) => this.waiting[lane].push(() => resolve(release)));
  }

  private grantNext(): void {
    const { request, background } = this.waiting;
    let next: (() => void) | undefined;
    if (request.length > 0 && background.length === 0) next = request.shift();
    else if (request.length > 0 && this.streak < REQUEST_STREAK) {
      this.streak++;
      next = request.shift();
    } else {
      this.streak = 0;
      next = background.shift();
    }
    if (next === undefined) this.busy = false;
    else next();
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (this.ended) throw new Error('Cannot use a pool after calling end on the pool');
    const release = await this.acquire();
    try {
      return await run<R>(this.db, text, values);
    } finally {
      release();
    }
  }

  async connect(): Promise<PoolClient> {
    if (this.ended) throw new Error('Cannot use a pool after calling end on the pool');
    const release = await this.acquire();
    let released = false;
    const db = this.db;
    return {
      query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
        if (released) return Promise.reject(new Error('client used after release'));
        return run<R>(db, text, values);
      },
      release: () => {
        if (released) return;
        released = true;
        // A client released mid-transaction (a bug elsewhere) must not leak its transaction to the next user.
        if (db.isInTransaction()) {
          db.exec('rollback').finally(release);
          return;
        }
        release();
      },
    };
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    // wait for work in flight
    const release = await this.acquire();
    release();
  }
}
