import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { cliContext, printJson } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const { config, logger } = cliContext();
      const db = await openDatabase({
        url: config.database.url,
        dataDir: path.join(config.database.dataDir, 'pgdata'),
        sharedBuffers: config.database.pgliteSharedBuffers,
      });
      try {
        printJson(await migrate(db.pool, logger));
      } finally {
        await db.close();
      }
    });
}
