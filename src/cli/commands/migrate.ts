import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { preparePrivateDataDir } from '../../lib/private-files.js';
import { cliContext, printJson } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const { config, logger } = cliContext();
      await preparePrivateDataDir(config.database.dataDir, { create: config.database.url === undefined });
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
