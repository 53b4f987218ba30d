import { callAdmin } from '../embedded/admin-client.js';
import { busyError, DataDirBusyError, readLockHolder } from '../embedded/data-dir-lock.js';
import type { CliContext } from './context.js';

export type AdminCall = <T>(command: string, input: unknown) => Promise<T>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// a serve still opening the database (first start, migrations) has the lock but no socket yet
const SERVE_STARTING_WAIT_MS = 120_000;

/**
 * Runs a CLI command that touches data where the data is owned. In embedded mode only one process may
 * open the data directory: while `serve` runs, the command goes through its admin socket (the result is
 * live in the server at once); with nothing running, the command opens the directory itself, holding the
 * same lock; another CLI command holding it means a clear refusal. Scaled mode (DATABASE_URL) always
 * opens the database directly: PostgreSQL serves many processes.
 */
export async function routeDataCommand<T>(
  ctx: CliContext,
  command: string,
  ways: { server(call: AdminCall): Promise<T>; direct(): Promise<T> },
): Promise<T> {
  if (ctx.config.database.url !== undefined) return ways.direct();
  const dataDir = ctx.config.database.dataDir;
  const deadline = Date.now() + SERVE_STARTING_WAIT_MS;
  let announced = false;
  for (;;) {
    const holder = await readLockHolder(dataDir);
    if (holder?.socket !== undefined) {
      const socket = holder.socket;
      ctx.logger.debug({ pid: holder.pid, socket }, `running through soulcaster serve (pid ${holder.pid})`);
      return ways.server(<R>(name: string, input: unknown) => callAdmin<R>(socket, name, input));
    }
    if (holder !== undefined) {
      if (holder.command !== 'serve' || Date.now() > deadline)
        throw busyError(new DataDirBusyError(dataDir, holder), command);
      if (!announced) process.stderr.write(`waiting for soulcaster serve (pid ${holder.pid}) to start\n`);
      announced = true;
      await sleep(250);
      continue;
    }
    // Nothing holds the directory: open it here (direct() takes the lock; a serve starting at this very
    // moment makes one of the two refuse with the holder's name).
    return ways.direct();
  }
}
