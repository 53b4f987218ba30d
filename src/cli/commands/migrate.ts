import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../db/database.js';
import { migrate, type MigrationResult } from '../../db/migrate.js';
import { pgdataTemplateFile } from '../../db/pgdata-template.js';
import { jobCatalog } from '../../queue/catalog.js';
import { acquireDataDirLock, busyError } from '../../embedded/data-dir-lock.js';
import { preparePrivateDataDir } from '../../lib/private-files.js';
import { cliContext, printJson } from '../context.js';
import { routeDataCommand } from '../data-access.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const ctx = cliContext();
      const { config, logger } = ctx;
      const result = await routeDataCommand(ctx, 'migrate', {
        // serve migrated when it started; this reports (and applies) whatever is still missing
        server: (call) => call<MigrationResult>('migrate', {}),
        direct: async () => {
          const lock =
            config.database.url === undefined
              ? await acquireDataDirLock(config.database.dataDir, 'migrate').catch((err: unknown) => {
                  throw busyError(err, 'migrate');
                })
              : undefined;
          try {
            await preparePrivateDataDir(config.database.dataDir, {
              create: config.database.url === undefined,
            });
            const db = await openDatabase({
              url: config.database.url,
              dataDir: path.join(config.database.dataDir, 'pgdata'),
              sharedBuffers: config.database.pgliteSharedBuffers,
              template: await pgdataTemplateFile(Object.keys(jobCatalog)),
            });
            try {
              return await migrate(db.pool, logger);
            } finally {
              await db.close();
            }
          } finally {
            await lock?.release();
          }
        },
      });
      printJson(result);
    });
}
