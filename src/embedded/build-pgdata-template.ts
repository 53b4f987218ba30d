import { jobCatalog } from '../queue/catalog.js';
import { JobQueue } from '../queue/job-queue.js';
import { createSilentLogger } from '../lib/logger.js';
import { AUTO_SHARED_BUFFERS_MIN, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { fileExists, pgdataTemplateFile, writePgdataTemplate } from '../db/pgdata-template.js';

/** Builds the new-database template for the current schema unless it exists; returns its path. */
export async function buildPgdataTemplate(opts: { force?: boolean } = {}): Promise<string> {
  const file = await pgdataTemplateFile(Object.keys(jobCatalog));
  if (!opts.force && (await fileExists(file))) return file;
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(db.pool);
    const queue = new JobQueue({ pool: db.pool, catalog: jobCatalog, logger: createSilentLogger() });
    await queue.start();
    await queue.stop({ timeoutMs: 1000 });
    if (db.pglite === undefined) throw new Error('the template must be a PGlite database');
    // a new directory then opens at the cache size `auto` would choose for it, without a restart
    await db.pool.query(`alter system set shared_buffers = '${AUTO_SHARED_BUFFERS_MIN / 1024}kB'`);
    await writePgdataTemplate(file, await db.pglite.dumpDataDir('gzip'));
  } finally {
    await db.close();
  }
  return file;
}
