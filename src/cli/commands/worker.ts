import type { Command } from 'commander';
import { createRuntime } from '../../runtime.js';
import { handleSignals } from '../../server.js';
import { cliContext } from '../context.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run job workers only (scaled mode: several may share one DATABASE_URL)')
    .action(async () => {
      const { config, logger } = cliContext();
      if (config.database.url === undefined) {
        logger.warn(
          'embedded PGlite is single-process: this worker holds the data directory (serve cannot start on it meanwhile); run workers inside `soulcaster serve` unless DATABASE_URL is set',
        );
      }
      // embedded mode: the data directory's lock refuses this while a serve (which runs workers) holds it
      const runtime = await createRuntime({ config, logger, workers: true, command: 'worker' });
      handleSignals({ shutdown: () => runtime.close() }, logger, config.server.shutdownTimeoutMs);
      logger.info({ database: runtime.services.db.engine }, 'worker running');
    });
}
