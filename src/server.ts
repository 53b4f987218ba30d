import type { Config } from './config/config.js';
import { buildApp, type App } from './http/app.js';
import type { Logger } from './lib/logger.js';
import { createRuntime, type Runtime } from './runtime.js';
import { adminHandlers } from './embedded/admin-commands.js';
import { startAdminServer, type AdminServer } from './embedded/admin-server.js';
import { adminSocketPath } from './embedded/admin-socket.js';

export interface RunningServer {
  app: App;
  runtime: Runtime;
  url: string;
  /** closes the listener (waiting for in-flight requests), drains jobs, closes the database */
  shutdown(signal?: string): Promise<void>;
}

/** Listens and shuts down gracefully; everything else is built by createRuntime and buildApp. */
export async function startServer(opts: {
  config: Config;
  logger: Logger;
  workers: boolean;
}): Promise<RunningServer> {
  const { config, logger } = opts;
  const runtime = await createRuntime({ config, logger, workers: opts.workers });
  let admin: AdminServer | undefined;
  let app: App;
  try {
    app = await buildApp(runtime.services);
    await app.listen({ host: config.server.host, port: config.server.port });
    // Embedded mode: CLI commands that touch data run in this process, through a socket only the owner
    // of the data directory can open (PGlite allows one process per directory).
    if (runtime.lock !== undefined) {
      admin = await startAdminServer({
        socket: adminSocketPath(config.database.dataDir),
        handlers: adminHandlers(runtime.services),
        logger,
      });
      await runtime.lock.setSocket(admin.socket);
    }
  } catch (err) {
    await admin?.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.server.port;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  let closing: Promise<void> | undefined;
  const shutdown = (signal?: string) => {
    closing ??= (async () => {
      logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
      await admin?.close();
      await app.close();
      await runtime.close();
      logger.info('shutdown complete');
    })();
    return closing;
  };
  return { app, runtime, url, shutdown };
}

/** Wires SIGTERM/SIGINT to a graceful shutdown, with a hard deadline so a stuck job cannot hang the process. */
export function handleSignals(
  server: { shutdown(signal?: string): Promise<void> },
  logger: Logger,
  timeoutMs: number,
): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const timer = setTimeout(() => {
        logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, timeoutMs + 5_000);
      timer.unref();
      server.shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
