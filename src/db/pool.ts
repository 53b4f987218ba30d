import type pg from 'pg';

/**
 * The part of node-postgres' Pool that the code base uses (pg.Pool satisfies it as is).
 * Code depends on this, never on the engine behind it.
 */
export interface Pool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

export interface PoolClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  release(err?: Error | boolean): void;
}
