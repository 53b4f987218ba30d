import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.js';
import { migrate, migrationsDir } from '../src/db/migrate.js';
import { jobCatalog } from '../src/queue/catalog.js';
import { JobQueue } from '../src/queue/job-queue.js';
import { createSilentLogger } from '../src/lib/logger.js';

/**
 * Building a PGlite database from scratch takes seconds; loading a dump takes about one. So the migrated
 * schema (ours and the queue's) is built once, cached by the content of the migrations, and every test
 * file starts its own private database from that dump.
 */
export default async function setup(project: TestProject): Promise<void> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(path.join(migrationsDir, f)));
  hash.update(Object.keys(jobCatalog).join(','));
  const cacheDir = path.resolve('node_modules/.cache/soulcaster-test');
  const file = path.join(cacheDir, `template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db.pool);
    const queue = new JobQueue({ pool: db.pool, catalog: jobCatalog, logger: createSilentLogger() });
    await queue.start();
    await queue.stop({ timeoutMs: 1000 });
    if (db.pglite === undefined) throw new Error('template database must be PGlite');
    const dump = await db.pglite.dumpDataDir('gzip');
    await mkdir(cacheDir, { recursive: true });
    await writeFile(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    await rename(`${file}.tmp`, file);
    await db.close();
  }
  project.provide('pgliteTemplate', file);
  project.provide('testDatabaseUrl', process.env.TEST_DATABASE_URL ?? '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    testDatabaseUrl: string;
  }
}
