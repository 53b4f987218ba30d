import type { Command } from 'commander';
import { authMode } from '../../domain/auth/auth-mode.js';
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
      const mode = authMode(config);
      const signIn = {
        github: `dashboard sign-in: GitHub OAuth (${config.github.webUrl}) at ${server.url}/auth/signin`,
        local: `SINGLE-USER LOCAL MODE: no GitHub OAuth app configured and bound to loopback, so whoever opens ${server.url}/dashboard is the local user${config.github.localUserToken === undefined ? ' (set GITHUB_TOKEN to let fixes open pull requests)' : ''}`,
        api_keys_only:
          'dashboard sign-in is OFF: no GitHub OAuth app (GITHUB_CLIENT_ID/SECRET) and not bound to loopback; only project API keys work',
      }[mode];
      if (mode === 'github') logger.info({ authMode: mode }, signIn);
      else logger.warn({ authMode: mode }, signIn);
    });
}
