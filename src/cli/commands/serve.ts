import type { Command } from 'commander';
import { handleSignals, startServer } from '../../server.js';
import { cliContext } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API, dashboard and webhooks (and the workers unless --no-workers)')
    .option('--port <port>', 'port to listen on (PORT)')
    .option('--host <host>', 'address to bind (HOST)')
    .option('--no-workers', 'do not run job workers in this process')
    .action(async (opts: { port?: string; host?: string; workers: boolean }) => {
      const started = performance.now();
      const { config, logger } = cliContext({
        ...(opts.port !== undefined ? { PORT: opts.port } : {}),
        ...(opts.host !== undefined ? { HOST: opts.host } : {}),
      });
      const workers = opts.workers && config.server.runWorkers;
      const server = await startServer({ config, logger, workers });
      handleSignals(server, logger, config.server.shutdownTimeoutMs);
      logger.info(
        {
          url: server.url,
          database: server.runtime.services.db.engine,
          workers,
          startupMs: Math.round(performance.now() - started),
        },
        `Soulcaster listening on ${server.url}`,
      );
    });
}
